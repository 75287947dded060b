using QualityWatch.Core.Statistics;
using QualityWatch.Gate.Running;

namespace QualityWatch.Gate.Reports;

/// <summary>Builds the JSON report model from a finished (not unavailable) run.</summary>
internal static class GateReportBuilder
{
    public static GateReport Build(GateRun run, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Overall is null || run.Decision is null)
        {
            throw new InvalidOperationException("an unavailable run has no quality report");
        }

        var options = run.Options;
        return new GateReport(
            GateReport.CurrentSchemaVersion,
            createdAt,
            run.Candidate,
            run.Baseline,
            VerdictText.Of(run.Decision.Verdict),
            run.Decision.Reason,
            VerdictText.Blocks(run.Decision.Verdict, options.AllowInconclusive),
            new GateReportSettings(options.MaxDrop, options.MinPassRate, options.Alpha, options.Beta, options.AllowInconclusive),
            run.MaxCalls,
            run.CallsUsed,
            Suite(run.Overall, options.MaxDrop),
            run.Suites.Select(s => Suite(s, options.MaxDrop)).ToList(),
            run.Pairs.Select(p => GateReportResult.From(p.Candidate, p.Repeat)).ToList(),
            run.Pairs.Select(p => GateReportResult.From(p.Baseline, p.Repeat)).ToList());
    }

    public static GateReportSuite Suite(SuiteResult result, double maxDrop)
    {
        ArgumentNullException.ThrowIfNull(result);
        var counts = result.Counts;
        return new GateReportSuite(
            result.Name,
            VerdictText.Of(result.Decision.Verdict),
            result.Decision.Reason,
            result.Cases,
            counts.Pairs,
            counts.BothPassed,
            counts.Regressions,
            counts.Improvements,
            counts.BothFailed,
            Rate(counts.CandidatePassed, counts.Pairs),
            Rate(counts.BaselinePassed, counts.Pairs),
            counts.Drop,
            result.McNemarPValue,
            result.Alpha,
            result.Sprt.RegressionLogLikelihoodRatio,
            result.Sprt.NoDropLogLikelihoodRatio,
            result.Sprt.LowerBoundary,
            result.Sprt.UpperBoundary,
            result.Repeats,
            result.StoppedEarly,
            result.PlannedPairs,
            result.MinimumDetectableDrop,
            PowerDisclosure.Describe(result, maxDrop));
    }

    public static GateReportRate Rate(int passed, int total)
    {
        var (low, high) = WilsonInterval.Compute(passed, total);
        return new GateReportRate(passed, total, total == 0 ? 0 : (double)passed / total, low, high);
    }
}
