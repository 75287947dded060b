namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// A healthy canary answer kept for (re)training: the case it answered (suite/case id) and its text, cut to
/// <see cref="MaxCharacters"/> so a class's pool stays small in the persisted state.
/// </summary>
internal sealed class StoredAnswer
{
    /// <summary>Longest answer text kept; the features look at the first 8,000 characters, the habits show far earlier.</summary>
    public const int MaxCharacters = 2_000;

    public string CaseKey { get; set; } = string.Empty;

    public string Answer { get; set; } = string.Empty;

    public static StoredAnswer Of(string caseKey, string? answer)
    {
        var text = answer ?? string.Empty;
        return new StoredAnswer { CaseKey = caseKey, Answer = text.Length > MaxCharacters ? text[..MaxCharacters] : text };
    }
}
