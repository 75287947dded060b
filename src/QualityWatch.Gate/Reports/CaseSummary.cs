using QualityWatch.Core.Canaries;
using QualityWatch.Gate.Running;

namespace QualityWatch.Gate.Reports;

/// <summary>All pairs of one case, summarised for the per-case parts of the reports.</summary>
internal sealed record CaseSummary(GateCase Case, IReadOnlyList<GatePair> Pairs, bool MissingFromBaseline)
{
    public IEnumerable<GatePair> Complete => Pairs.Where(p => p.IsComplete);

    public int Regressions => Pairs.Count(p => p.IsRegression);

    public int Improvements => Pairs.Count(p => p.IsImprovement);

    public int CandidateFailures => Complete.Count(p => p.Candidate.Outcome == CanaryOutcome.Failed);

    /// <summary>More repeats regressed than improved: the case contributes to a drop.</summary>
    public bool IsRegressed => Regressions > Improvements;

    public GatePair? FirstRegression => Pairs.FirstOrDefault(p => p.IsRegression);

    public TimeSpan CandidateTime => Pairs.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Candidate.Latency);

    public static IReadOnlyList<CaseSummary> For(GateRun run, GateSuite suite)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(suite);
        var bySuiteCase = run.Pairs.Where(p => p.Case.Suite == suite.Name).ToLookup(p => p.Case.CaseId, StringComparer.Ordinal);
        var missing = run.MissingFromBaseline.Where(c => c.Suite == suite.Name).Select(c => c.CaseId).ToHashSet(StringComparer.Ordinal);
        return suite.Cases.Select(c => new CaseSummary(c, bySuiteCase[c.CaseId].ToList(), missing.Contains(c.CaseId))).ToList();
    }
}
