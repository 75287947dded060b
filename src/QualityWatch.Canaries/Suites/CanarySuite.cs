namespace QualityWatch.Canaries.Suites;

/// <summary>A golden suite file: a name, a category and its cases.</summary>
public sealed record CanarySuite(string Name, string Description, string Category, string File, IReadOnlyList<CanaryCase> Cases);
