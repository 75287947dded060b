namespace QualityWatch.Detection.Fingerprints;

/// <summary>An answer kept as evidence: one of the least like the configured model since the statistic left zero.</summary>
internal sealed class FingerprintExample
{
    public DateTimeOffset Timestamp { get; set; }

    public string Suite { get; set; } = string.Empty;

    public string CaseId { get; set; } = string.Empty;

    public string Answer { get; set; } = string.Empty;

    /// <summary>Posterior of the configured model for this answer.</summary>
    public double Posterior { get; set; }

    /// <summary>The configured model this answer looks most like.</summary>
    public string Resembles { get; set; } = string.Empty;

    public string? TraceId { get; set; }

    public string? SpanId { get; set; }
}
