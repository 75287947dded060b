using System.Globalization;
using MathNet.Numerics.Distributions;
using QualityWatch.Core.Statistics;
using QualityWatch.Gate.Statistics;

namespace QualityWatch.Gate.Verdicts;

/// <summary>
/// Turns paired counts and the sequential test into a verdict. Pure: the runner asks after every batch
/// (<c>final: false</c>, where "keep going" is null) and once more when the budget ends (<c>final: true</c>).
/// </summary>
internal static class GateVerdictRules
{
    public static VerdictDecision? Decide(PairCounts counts, SprtState sprt, double alpha, GateOptions options, bool final)
    {
        ArgumentNullException.ThrowIfNull(sprt);
        ArgumentNullException.ThrowIfNull(options);
        var pairs = counts.Pairs;
        if (pairs == 0)
        {
            return final ? new VerdictDecision(GateVerdict.Inconclusive, "no case was answered by both sides") : null;
        }

        var rate = (double)counts.CandidatePassed / pairs;
        var (_, upper) = WilsonInterval.Compute(counts.CandidatePassed, pairs, OneSidedZ(alpha));
        if (upper < options.MinPassRate)
        {
            return new VerdictDecision(
                GateVerdict.Fail,
                Invariant($"candidate pass rate {rate * 100:0.0}% is below the floor {options.MinPassRate * 100:0.0}% (upper bound {upper * 100:0.0}%, n={pairs})"));
        }

        var drop = counts.Drop;
        var pValue = McNemarExactTest.RegressionPValue(counts.Regressions, counts.Improvements);
        var tally = Invariant($"drop {drop * 100:+0.0;-0.0;0.0} pt, {counts.Regressions} regressed / {counts.Improvements} improved of {pairs} pairs, McNemar p{(pValue < 0.0001 ? "<" : "=")}{FormatP(pValue).TrimStart('<')}");
        switch (sprt.Decision)
        {
            case SprtDecision.AcceptDrop:
                return new VerdictDecision(
                    GateVerdict.Fail,
                    Invariant($"regression: {tally}; SPRT favours a {options.MaxDrop * 100:0.0}% drop (LLR {sprt.RegressionLogLikelihoodRatio:0.00} ≥ {sprt.UpperBoundary:0.00})"));
            case SprtDecision.AcceptNoDrop when rate >= options.MinPassRate:
                return new VerdictDecision(
                    GateVerdict.Pass,
                    Invariant($"no regression: {tally}; SPRT favours no drop (LLR {sprt.NoDropLogLikelihoodRatio:0.00} ≤ {sprt.LowerBoundary:0.00})"));
            case SprtDecision.AcceptNoDrop:
                return final
                    ? new VerdictDecision(
                        GateVerdict.Inconclusive,
                        Invariant($"no drop against the baseline, but the pass rate {rate * 100:0.0}% is under the floor {options.MinPassRate * 100:0.0}% without significance (upper bound {upper * 100:0.0}%)"))
                    : null;
            default:
                if (!final)
                {
                    return null;
                }

                // The budget ran out between the boundaries: fall back to the fixed-sample exact test.
                return pValue <= alpha && drop > options.MaxDrop
                    ? new VerdictDecision(GateVerdict.Fail, Invariant($"regression: {tally} ≤ α={alpha:0.####} and above the tolerated {options.MaxDrop * 100:0.0}%"))
                    : new VerdictDecision(GateVerdict.Inconclusive, Invariant($"not enough evidence within the budget: {tally}; SPRT regression LLR {sprt.RegressionLogLikelihoodRatio:0.00} < {sprt.UpperBoundary:0.00}, no-drop LLR {sprt.NoDropLogLikelihoodRatio:0.00} > {sprt.LowerBoundary:0.00}"));
        }
    }

    /// <summary>The whole release: any failing suite (or a pooled drop) fails it, then any inconclusive one.</summary>
    public static VerdictDecision Combine(IReadOnlyList<(string Suite, VerdictDecision Decision)> suites, VerdictDecision pooled)
    {
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentNullException.ThrowIfNull(pooled);
        var failed = suites.Where(s => s.Decision.Verdict == GateVerdict.Fail).Select(s => s.Suite).ToList();
        if (failed.Count > 0)
        {
            return new VerdictDecision(GateVerdict.Fail, $"failed suites: {string.Join(", ", failed)}");
        }

        if (pooled.Verdict == GateVerdict.Fail)
        {
            return new VerdictDecision(GateVerdict.Fail, $"all suites together: {pooled.Reason}");
        }

        var inconclusive = suites.Where(s => s.Decision.Verdict == GateVerdict.Inconclusive).Select(s => s.Suite).ToList();
        return inconclusive.Count > 0
            ? new VerdictDecision(GateVerdict.Inconclusive, $"inconclusive suites: {string.Join(", ", inconclusive)}")
            : new VerdictDecision(GateVerdict.Pass, suites.Count == 1 ? suites[0].Decision.Reason : $"all {suites.Count} suites passed");
    }

    /// <summary>A p-value for people: four decimals, or "&lt;0.0001".</summary>
    public static string FormatP(double p) => p < 0.0001 ? "<0.0001" : p.ToString("0.####", CultureInfo.InvariantCulture);

    public static double OneSidedZ(double alpha) => Normal.InvCDF(0, 1, 1 - alpha);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
