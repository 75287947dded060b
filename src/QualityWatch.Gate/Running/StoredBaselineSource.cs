using QualityWatch.Core.Canaries;
using QualityWatch.Gate.Reports;

namespace QualityWatch.Gate.Running;

/// <summary>
/// The baseline is the candidate side of an earlier gate report. Repeat r of a case pairs with the stored repeat
/// ((r − 1) mod k) + 1, so a report with one repeat serves every repeat of the new run.
/// </summary>
internal sealed class StoredBaselineSource : IBaselineSource
{
    private readonly Dictionary<(string Suite, string CaseId), List<GateReportResult>> results;
    private readonly DateTimeOffset createdAt;

    public StoredBaselineSource(GateReport report, string label)
    {
        ArgumentNullException.ThrowIfNull(report);
        Label = label;
        createdAt = report.CreatedAt;
        results = report.CandidateResults
            .Where(r => r.Outcome != CanaryOutcome.Unavailable)
            .GroupBy(r => (r.Suite, r.CaseId))
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Repeat).ToList());
    }

    public string Label { get; }

    public bool CallsProvider => false;

    public Task<CanaryResult?> GetAsync(GateCase gateCase, int repeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateCase);
        if (!results.TryGetValue((gateCase.Suite, gateCase.CaseId), out var stored))
        {
            return Task.FromResult<CanaryResult?>(null);
        }

        return Task.FromResult<CanaryResult?>(stored[(repeat - 1) % stored.Count].ToCanaryResult(createdAt));
    }
}
