using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Statistics;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Localization;
using QualityWatch.Detection.Multivariate;
using QualityWatch.Detection.Seasonal;
using QualityWatch.Detection.Shift;
using QualityWatch.Detection.Signatures;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// The findings' evidence: statistic against threshold, baseline and current values with their intervals, a sentence
/// a person understands and examples. One place, so every signal states its evidence the same way.
/// </summary>
internal static class FindingFactory
{
    internal static Finding DriftFinding(double falseDiscoveryRate, DriftSignal signal, DriftWindows windows, SeriesKey key, SeriesBucket bucket, LatencyDriftVerdict verdict)
    {
        var day = signal.DayOverDayComparison ? windows.DayOverDay.Day() : [];
        var starts = signal.DayOverDayComparison ? day.Select(b => b.Start).ToArray() : windows.RecentStarts.Items().Select(s => DateTimeOffset.FromUnixTimeSeconds((long)s)).ToArray();
        int first = ChangeIndex(signal.DayOverDayComparison ? day.Select(b => b.Median).ToArray() : windows.Recent.Items(), verdict.BaselineMedian);
        var start = first < starts.Length ? starts[first] : bucket.Start;
        string evidence = $"Mann–Whitney p = {verdict.PValue:G2}, KS D = {verdict.KsStatistic:F2}, BH FDR {falseDiscoveryRate}";
        string summary = signal.DayOverDayComparison ? signal.Falling
            ? $"{Capitalised(signal.Name)} of {key.Provider}/{key.Model} is {verdict.Ratio:P0} of the same hours yesterday ({verdict.BaselineMedian:F0} → {verdict.CurrentMedian:F0}; {evidence}) — a slow decline the rolling baseline follows."
            : $"{Capitalised(signal.Name)} of {key.Provider}/{key.Model} is {verdict.Ratio:F2}× the same hours yesterday ({verdict.BaselineMedian * 1000:F0} ms → {verdict.CurrentMedian * 1000:F0} ms; {evidence}) — a slow creep the rolling baseline follows."
            : signal.Detector switch
        {
            "ttft-mann-whitney" => $"Median time to first token of {key.Provider}/{key.Model} rose {verdict.Ratio:F2}× ({verdict.BaselineMedian * 1000:F0} ms → {verdict.CurrentMedian * 1000:F0} ms; {evidence}).",
            "output-length-mann-whitney" => $"Output tokens per call of {key.Provider}/{key.Model} fell to {verdict.Ratio:P0} of baseline ({verdict.BaselineMedian:F0} → {verdict.CurrentMedian:F0}; {evidence}) — answers are being cut short.",
            _ => $"Median latency of {key.Provider}/{key.Model} rose {verdict.Ratio:F2}× ({verdict.BaselineMedian * 1000:F0} ms → {verdict.CurrentMedian * 1000:F0} ms; {evidence}).",
        };
        var examples = signal.Falling ? FinishExamples(bucket) : [];
        return new Finding(
            signal.Kind,
            signal.Detector,
            key,
            Segment(key),
            bucket.Start,
            start,
            // The decision is on the p-value (Benjamini–Hochberg at the FDR), so that is the statistic shown against it.
            "Mann–Whitney p-value",
            verdict.PValue,
            falseDiscoveryRate,
            verdict.PValue,
            null,
            new ValueWithInterval(verdict.BaselineMedian, verdict.BaselineLow, verdict.BaselineHigh, verdict.BaselineCount, signal.Unit),
            new ValueWithInterval(verdict.CurrentMedian, verdict.CurrentLow, verdict.CurrentHigh, verdict.CurrentCount, signal.Unit),
            summary,
            examples);
    }

    /// <summary>
    /// A slow level drift: the CUSUM against its threshold, the reference and the recent level back in the signal's
    /// unit (the test runs on logarithms), with ±2 standard-error bands from the noise scale.
    /// </summary>
    internal static Finding LevelDriftFinding(DriftSignal signal, SeriesKey key, SeriesBucket bucket, LevelDriftVerdict verdict, double arl0Minutes, long rows)
    {
        double Unlog(double x) => signal.Falling ? Math.Exp(-x) : Math.Exp(x);
        double referenceError = 2 * verdict.Scale / Math.Sqrt(Math.Min(rows, 720));
        double recentError = 2 * verdict.Scale * Math.Sqrt(1.0 / 29);
        var baseline = Band(Unlog(verdict.Reference), Unlog(verdict.Reference - referenceError), Unlog(verdict.Reference + referenceError), rows, signal.Unit);
        var current = Band(Unlog(verdict.Current), Unlog(verdict.Current - recentError), Unlog(verdict.Current + recentError), 15, signal.Unit);
        double ratio = current.Value / baseline.Value;
        var start = DateTimeOffset.FromUnixTimeSeconds(verdict.ChangeStartMinute * 60);
        var since = bucket.Start - start;
        string seasonal = verdict.Seasonal ? ", after removing its daily profile" : string.Empty;
        string evidence = $"CUSUM {verdict.Statistic:F1} ≥ {verdict.Threshold:F1} at ARL₀ {arl0Minutes:N0} minutes{seasonal}";
        string summary = signal.Falling
            ? $"{Capitalised(signal.Name)} of {key.Provider}/{key.Model} has declined to {ratio:P0} of its reference over the last {Duration(since)} ({baseline.Value:F0} → {current.Value:F0}; {evidence}) — a slow decline the rolling windows follow."
            : $"{Capitalised(signal.Name)} of {key.Provider}/{key.Model} has crept to {ratio:F2}× its reference over the last {Duration(since)} ({baseline.Value * 1000:F0} ms → {current.Value * 1000:F0} ms; {evidence}) — a slow creep the rolling windows follow.";
        return new Finding(
            signal.Kind,
            signal.Detector,
            key,
            Segment(key),
            bucket.Start,
            start,
            "level-drift CUSUM (noise σ units)",
            verdict.Statistic,
            verdict.Threshold,
            null,
            null,
            baseline,
            current,
            summary,
            signal.Falling ? FinishExamples(bucket) : []);
    }

    /// <summary>
    /// A multivariate drift: the CUSUM against its threshold, the hour's reconstruction error against the series' healthy
    /// ones, and the features whose residuals make up most of it, each with the hour's value against its healthy median
    /// in its own unit (one example per feature).
    /// </summary>
    internal static Finding MultivariateDriftFinding(SeriesKey key, SeriesBucket bucket, MultivariateDriftVerdict verdict, double arl0Hours)
    {
        var named = verdict.Residuals.Take(MultivariateDriftOptions.Defaults.EvidenceFeatures).Where(r => r.Share >= 0.05).ToList();
        var start = DateTimeOffset.FromUnixTimeSeconds(verdict.ChangeStartHour * 3600);
        string features = string.Join("; ", named.Select(r => $"{r.Name} {Natural(r.Current, r.Unit)} vs {Natural(r.Baseline, r.Unit)} ({r.Share:P0} of the error)"));
        string summary = $"Telemetry of {key.Provider}/{key.Model} has moved jointly into a combination no healthy hour had: PCA reconstruction error {verdict.Score / verdict.BaselineScore.Median:F1}× its healthy median since {start:yyyy-MM-dd HH:mm} UTC (CUSUM {verdict.Statistic:F1} ≥ {verdict.Threshold:F1} at ARL₀ {arl0Hours:N0} hours). Largest residuals: {features}.";
        var examples = named.Select(r => new FindingExample(
            DateTimeOffset.FromUnixTimeSeconds(verdict.Hour * 3600),
            $"{r.Name}: {Natural(r.Current, r.Unit)} this hour vs {Natural(r.Baseline, r.Unit)} healthy",
            null,
            null,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["feature"] = r.Name,
                ["unit"] = r.Unit,
                ["current"] = r.Current.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
                ["baseline"] = r.Baseline.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
                ["residual_sigma"] = r.Residual.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                ["error_share"] = r.Share.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
            })).ToList();
        return new Finding(
            FindingKinds.MultivariateDrift,
            TelemetrySignalPass.MultivariateDetector,
            key,
            Segment(key),
            bucket.Start,
            start,
            "PCA drift CUSUM (normal-score units)",
            verdict.Statistic,
            verdict.Threshold,
            null,
            null,
            new ValueWithInterval(verdict.BaselineScore.Median, verdict.BaselineScore.Low, verdict.BaselineScore.High, verdict.CalibrationHours, "pca-reconstruction-error"),
            new ValueWithInterval(verdict.Score, verdict.Score, verdict.Score, 1, "pca-reconstruction-error"),
            summary,
            examples);
    }

    private static string Natural(double value, string unit) => unit switch
    {
        "seconds" => $"{value * 1000:F0} ms",
        "share" => $"{value:P2}",
        _ => $"{value:F0} {unit}",
    };

    private static ValueWithInterval Band(double value, double a, double b, long count, string unit) =>
        new(value, Math.Min(a, b), Math.Max(a, b), count, unit);

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes:D2} min" : $"{Math.Max(1, (int)span.TotalMinutes)} min";

    internal static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// Change time estimate: the split of the current window that best fits "baseline median before, a new level after"
    /// in absolute deviation (a one-change L1 segmentation). Robust to a noisy minute before the change, which a
    /// first-value-out-of-range rule mistakes for the start.
    /// </summary>
    internal static int ChangeIndex(double[] values, double baselineMedian)
    {
        int best = values.Length - 1;
        double bestCost = double.PositiveInfinity;
        double before = 0;
        for (int split = 0; split < values.Length; split++)
        {
            var after = values[split..];
            double level = LatencyDriftDetector.Quantile(after, 0.5);
            double cost = before + after.Sum(v => Math.Abs(v - level));
            if (cost < bestCost)
            {
                bestCost = cost;
                best = split;
            }

            before += Math.Abs(values[split] - baselineMedian);
        }

        return best;
    }

    internal static Finding ShareFinding(string kind, string detector, SeriesKey key, SeriesBucket bucket, ShareShiftVerdict verdict, string statistic, double statisticValue, double threshold, string unit, string summary, IReadOnlyList<FindingExample> examples) => new(
        kind,
        detector,
        key,
        Segment(key),
        bucket.Start,
        bucket.Start,
        statistic,
        statisticValue,
        threshold,
        verdict.PValue,
        null,
        new ValueWithInterval(verdict.BaselineShare, verdict.BaselineLow, verdict.BaselineHigh, verdict.BaselineCount, unit),
        new ValueWithInterval(verdict.CurrentShare, verdict.CurrentLow, verdict.CurrentHigh, verdict.CurrentCount, unit),
        summary,
        examples);

    internal static ValueWithInterval LatencyValue(double[] values) => values.Length == 0
        ? new ValueWithInterval(double.NaN, double.NaN, double.NaN, 0, "seconds")
        : new ValueWithInterval(LatencyDriftDetector.Quantile(values, 0.5), LatencyDriftDetector.Quantile(values, 0.1), LatencyDriftDetector.Quantile(values, 0.9), values.Length, "seconds");

    internal static IReadOnlyList<FindingExample> ErrorExamples(SeriesBucket bucket) =>
        bucket.ErrorsByType.OrderByDescending(e => e.Value).Take(3)
            .Select(e => new FindingExample(bucket.Start, $"{e.Value} × {e.Key}", null, null, new Dictionary<string, string>(StringComparer.Ordinal) { ["error_type"] = e.Key, ["count"] = e.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .ToList();

    internal static IReadOnlyList<FindingExample> ScriptExamples(SeriesBucket bucket) =>
    [
        new FindingExample(bucket.Start, $"{bucket.OutputsWithUnexpectedScript} of {bucket.OutputsAnalysed} outputs with unexpected scripts", null, null,
            bucket.ScriptCharacters.ToDictionary(s => $"script_{s.Key}", s => s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)),
    ];

    internal static IReadOnlyList<FindingExample> FinishExamples(SeriesBucket bucket) =>
    [
        new FindingExample(bucket.Start, "finish reasons in the latest minute", null, null,
            bucket.FinishReasons.ToDictionary(f => f.Key, f => f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)),
    ];

    internal static FindingExample CanaryExample(CanaryResult r, string title) => new(
        r.Timestamp,
        title,
        r.Expected,
        r.Actual,
        WithTrace(new Dictionary<string, string>(StringComparer.Ordinal) { ["case_id"] = r.CaseId, ["category"] = r.Category, ["outcome"] = r.Outcome.ToString().ToLowerInvariant() }, r));

    /// <summary>Adds the call's trace and span ids, when its span was recorded, so the example links to its trace.</summary>
    internal static Dictionary<string, string> WithTrace(Dictionary<string, string> attributes, CanaryResult r)
    {
        if (r.TraceId is { Length: > 0 } traceId)
        {
            attributes["trace_id"] = traceId;
            if (r.SpanId is { Length: > 0 } spanId)
            {
                attributes["span_id"] = spanId;
            }
        }

        return attributes;
    }

    internal static Dictionary<string, string> Segment(SeriesKey key)
    {
        var segment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["provider"] = key.Provider,
            ["model"] = key.Model,
        };
        foreach (var (name, value) in key.Labels)
        {
            segment[name] = value;
        }

        return segment;
    }
}
