namespace QualityWatch.Collector.GenAi;

/// <summary>The <c>qualitywatch.canary.*</c> attributes of a span sent by QualityWatch's own canary runner.</summary>
internal sealed record CanarySpan(string Suite, string CaseId, string Category, string Outcome);
