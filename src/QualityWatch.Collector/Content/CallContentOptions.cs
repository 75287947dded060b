namespace QualityWatch.Collector.Content;

/// <summary>
/// Whether prompt and completion content is stored (PII: off by default, only features and hashes are kept).
/// Bound from <c>collector.content</c>.
/// </summary>
public sealed class CallContentOptions
{
    /// <summary>Store each call's prompt and completion messages (readable with the admin key at <c>/api/calls/…/content</c>).</summary>
    public bool Store { get; set; }

    /// <summary>Days of content kept, by the call's start time; 0 keeps everything. Applied by the retention job.</summary>
    public int RetentionDays { get; set; } = 7;

    /// <summary>Longest message text stored, in characters; longer messages are cut and flagged as truncated.</summary>
    public int MaxCharactersPerMessage { get; set; } = 8192;

    /// <summary>Throws a one-line message naming the key when a value is out of range.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range.</exception>
    public void Validate()
    {
        if (RetentionDays < 0)
        {
            throw new InvalidOperationException($"collector.content.retention_days must be 0 (keep everything) or more, not {RetentionDays}");
        }

        if (MaxCharactersPerMessage < 1)
        {
            throw new InvalidOperationException($"collector.content.max_characters_per_message must be at least 1, not {MaxCharactersPerMessage}");
        }
    }
}
