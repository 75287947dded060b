using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Alerts.Tests.EndToEnd;

/// <summary>
/// A stand-in for the detection engine in this project's end-to-end test: a Bernoulli CUSUM on one canary series
/// (p0 = 0.97 vs p1 = 0.85, threshold h, S capped at 2h so it recovers within minutes), raising a finding on every
/// evaluation pass while S ≥ h and reporting the series healthy otherwise. LR = e^S.
/// </summary>
internal sealed class CanaryCusum(SeriesKey series, double threshold)
{
    private const double P0 = 0.97, P1 = 0.85;
    private static readonly double FailureStep = Math.Log((1 - P1) / (1 - P0));
    private static readonly double SuccessStep = Math.Log(P1 / P0);
    private readonly Queue<(DateTimeOffset At, int Passed, int Total)> _recent = new();
    private long _baselinePassed, _baselineTotal;
    private double _s;
    private DateTimeOffset? _lastZero;

    public (Finding? Finding, bool Healthy) Evaluate(DateTimeOffset at, int passed, int total, FindingExample? failure)
    {
        _s = Math.Clamp(_s + ((total - passed) * FailureStep) + (passed * SuccessStep), 0, 2 * threshold);
        if (_s == 0)
        {
            _lastZero = at;
        }

        _recent.Enqueue((at, passed, total));
        while (_recent.Count > 10)
        {
            _recent.Dequeue();
        }

        if (_s < threshold)
        {
            _baselinePassed += passed;
            _baselineTotal += total;
            return (null, true);
        }

        double baseline = (double)_baselinePassed / _baselineTotal, current = (double)_recent.Sum(r => r.Passed) / _recent.Sum(r => r.Total);
        var currentN = _recent.Sum(r => r.Total);
        var finding = new Finding(FindingKinds.QualityRegression, "bernoulli-cusum", series, new Dictionary<string, string> { ["suite"] = series.Labels["suite"] },
            at, _lastZero ?? at, "CUSUM S", _s, threshold, null, Math.Exp(_s),
            Interval(baseline, _baselineTotal), Interval(current, currentN),
            $"{series.Provider}/{series.Model} canary pass rate {baseline:P0} → {current:P0}",
            failure is null ? [] : [failure]);
        return (finding, false);
    }

    private static ValueWithInterval Interval(double p, long n)
    {
        var half = 1.96 * Math.Sqrt(p * (1 - p) / Math.Max(1, n));
        return new ValueWithInterval(p, Math.Max(0, p - half), Math.Min(1, p + half), n, "ratio");
    }
}
