namespace QualityWatch.Canaries.Generation;

/// <summary>A suite produced by <see cref="GoldenSuiteGenerator"/>, ready to be written as YAML.</summary>
public sealed record GeneratedSuite(string Name, string Description, string Category, IReadOnlyDictionary<string, object> Defaults, IReadOnlyList<GeneratedCase> Cases);
