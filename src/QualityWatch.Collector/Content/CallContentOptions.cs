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
}
