namespace QualityWatch.Core.Canaries;

/// <summary>What a correct model answers to a golden prompt, and the case's category.</summary>
/// <param name="Suite">Suite the prompt comes from.</param>
/// <param name="CaseId">Case id.</param>
/// <param name="Category">Category (arithmetic, long-context, code…), which drives per-category accuracy.</param>
/// <param name="CorrectAnswer">A reference answer that satisfies every assertion of the case.</param>
public sealed record GoldenAnswer(string Suite, string CaseId, string Category, string CorrectAnswer);
