using QualityWatch.Canaries.Scoring;

namespace QualityWatch.Canaries.Suites;

/// <summary>One golden prompt with assertions a correct answer satisfies.</summary>
/// <param name="Id">Unique within its suite.</param>
/// <param name="Suite">Suite name.</param>
/// <param name="Category">The case's category (the suite's unless set).</param>
/// <param name="Messages">The conversation sent; the last message is the user's.</param>
/// <param name="Assertions">All must hold for a pass.</param>
/// <param name="Tags">Free-form tags.</param>
/// <param name="Repeat">How many times each round sends it (determinism probes).</param>
/// <param name="Options">Sampling options, defaults applied.</param>
/// <param name="Reference">A correct answer, satisfying every assertion; what a correct simulated model answers.</param>
/// <param name="File">Suite file it came from.</param>
/// <param name="Line">Line of the case in that file.</param>
public sealed record CanaryCase(
    string Id,
    string Suite,
    string Category,
    IReadOnlyList<CanaryMessage> Messages,
    IReadOnlyList<CanaryAssertion> Assertions,
    IReadOnlyList<string> Tags,
    int Repeat,
    CanaryRequestOptions Options,
    string? Reference,
    string File,
    int Line)
{
    /// <summary>The last user message: what the answer book is keyed by.</summary>
    public string LastUserMessage => Messages.Last(m => m.Role == "user").Content;

    /// <summary>A readable statement of everything the case expects.</summary>
    public string Expected => string.Join(" and ", Assertions.Select(a => a.Describe()));
}
