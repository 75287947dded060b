namespace QualityWatch.Core.Findings;

/// <summary>Receives findings from the detection engine (the alert pipeline is the production sink).</summary>
public interface IFindingSink
{
    /// <summary>Accepts findings raised for one evaluation pass; <paramref name="healthySeries"/> lists series that
    /// were evaluated and found healthy, so open alerts on them can auto-resolve.</summary>
    Task PublishAsync(IReadOnlyList<Finding> findings, IReadOnlyList<Telemetry.SeriesKey> healthySeries, DateTimeOffset evaluatedAt, CancellationToken cancellationToken);
}
