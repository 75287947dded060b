using System.Globalization;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Lifecycle;

/// <summary>
/// Severity from effect size and confidence.
/// <list type="table">
/// <item>effect ≥ 10 points (rates) or ≥ 50 % (other units), p &lt; 1e-6 → critical; p &lt; 1e-3 → warning; else info.</item>
/// <item>effect ≥ 3 points or ≥ 20 %, p &lt; 1e-3 → warning; else info.</item>
/// <item>smaller effects → info.</item>
/// </list>
/// Confidence is the finding's p-value when it has one. Otherwise 1/LR (Ville's inequality bounds the false-alarm
/// probability of a likelihood-ratio martingale by 1/LR), and a crossed detector threshold counts as at least
/// p &lt; 1e-3: detectors such as CUSUM are calibrated by their threshold (ARL₀), not by the LR at the crossing.
/// </summary>
internal static class SeverityClassifier
{
    public const double CriticalPoints = 10;
    public const double WarningPoints = 3;
    public const double CriticalRelative = 0.5;
    public const double WarningRelative = 0.2;
    public const double StrongP = 1e-6;
    public const double ModerateP = 1e-3;

    private static readonly HashSet<string> RateUnits = new(StringComparer.OrdinalIgnoreCase) { "ratio", "rate", "share", "fraction", "proportion", "probability" };
    private static readonly string[] RateUnitParts = ["rate", "share", "ratio", "fraction"];
    private static readonly HashSet<string> PercentUnits = new(StringComparer.OrdinalIgnoreCase) { "%", "percent", "pp" };

    public static (AlertSeverity Severity, string Reason) Classify(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var (large, moderate, effectText) = Effect(finding.Baseline, finding.Current);
        var (p, pText) = Confidence(finding);
        var severity = large && p < StrongP ? AlertSeverity.Critical
            : (large || moderate) && p < ModerateP ? AlertSeverity.Warning
            : AlertSeverity.Info;
        return (severity, $"{effectText}; {pText}");
    }

    private static (bool Large, bool Moderate, string Text) Effect(ValueWithInterval baseline, ValueWithInterval current)
    {
        var difference = Math.Abs(current.Value - baseline.Value);
        if (!double.IsFinite(difference))
        {
            return (false, false, "effect unknown");
        }

        var unit = baseline.Unit?.Trim() ?? string.Empty;
        // "pass-rate", "changed-share", "error-ratio"…: rates whatever their prefix.
        var isRate = RateUnits.Contains(unit) || RateUnitParts.Any(part => unit.Contains(part, StringComparison.OrdinalIgnoreCase));
        if (isRate || PercentUnits.Contains(unit))
        {
            var points = isRate ? difference * 100 : difference;
            return (points >= CriticalPoints, points >= WarningPoints, string.Create(CultureInfo.InvariantCulture, $"effect {points:0.#} points"));
        }

        var relative = Math.Abs(baseline.Value) > 1e-12 ? difference / Math.Abs(baseline.Value) : double.PositiveInfinity;
        return (relative >= CriticalRelative, relative >= WarningRelative,
            double.IsPositiveInfinity(relative) ? "effect from a zero baseline" : string.Create(CultureInfo.InvariantCulture, $"effect {relative * 100:0.#} % relative"));
    }

    private static (double P, string Text) Confidence(Finding finding)
    {
        if (finding.PValue is { } p && double.IsFinite(p))
        {
            return (p, string.Create(CultureInfo.InvariantCulture, $"p = {p:0.###e+0}"));
        }

        var crossed = finding.StatisticValue >= finding.Threshold;
        if (finding.LikelihoodRatio is { } lr && lr > 0)
        {
            var bound = Math.Min(1, 1 / lr);
            var text = string.Create(CultureInfo.InvariantCulture, $"LR = {lr:0.###e+0} (p ≤ {bound:0.###e+0})");
            return crossed && bound >= ModerateP ? (ModerateP / 2, text + ", threshold crossed") : (bound, text);
        }

        return crossed
            ? (ModerateP / 2, "threshold crossed, no p-value")
            : (1, "no p-value and threshold not crossed");
    }
}
