using System.Globalization;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Evidence;

/// <summary>
/// Evidence as people read it, the same on the pages, in notifications and in history notes: shares and rates as
/// percentages, seconds as milliseconds, p-values labelled as p-values against their significance level, and times
/// to the minute in UTC.
/// </summary>
internal static class EvidenceText
{
    private static readonly string[] RateUnitParts = ["rate", "share", "ratio", "fraction", "proportion"];

    /// <summary><c>2026-12-01 16:29 UTC</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary><c>—</c> for null, else <see cref="Time(DateTimeOffset)"/>.</summary>
    public static string Time(DateTimeOffset? time) => time is { } value ? Time(value) : "—";

    /// <summary><c>2 h 15 min</c>, <c>40 min</c>, <c>3 d 4 h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):0} s");
        }

        if (span < TimeSpan.FromHours(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min");
        }

        return span < TimeSpan.FromDays(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h");
    }

    // Output corruption keeps a unit the severity classifier reads as a relative change (from a near-zero baseline any
    // corruption is large), but its values are shares of outputs all the same.
    private const string UnexpectedScriptUnit = "outputs-with-unexpected-script";

    /// <summary>True for units that hold a share in [0, 1] (pass-rate, changed-share, error-ratio, outputs with unexpected scripts…).</summary>
    public static bool IsShare(string? unit) =>
        unit is not null && (RateUnitParts.Any(part => unit.Contains(part, StringComparison.OrdinalIgnoreCase)) || unit == UnexpectedScriptUnit);

    /// <summary>One number in its unit: <c>89.6 %</c>, <c>830 ms</c>, <c>1.42 s</c>, or four significant digits.</summary>
    public static string Number(double value, string? unit)
    {
        if (double.IsNaN(value))
        {
            return "—";
        }

        if (IsShare(unit))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{value * 100:0.0##} %");
        }

        if (string.Equals(unit, "seconds", StringComparison.OrdinalIgnoreCase) && double.IsFinite(value))
        {
            return value < 1
                ? string.Create(CultureInfo.InvariantCulture, $"{value * 1000:0} ms")
                : string.Create(CultureInfo.InvariantCulture, $"{value:0.00} s");
        }

        return value.ToString("G4", CultureInfo.InvariantCulture);
    }

    /// <summary><c>89.6 % [88.9 %, 90.7 %] (n = 5,079)</c>, with the unit name where the numbers do not carry it.</summary>
    public static string Value(ValueWithInterval value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var unit = IsShare(value.Unit) || string.Equals(value.Unit, "seconds", StringComparison.OrdinalIgnoreCase) ? string.Empty : $" {value.Unit}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Number(value.Value, value.Unit)} [{Number(value.Low, value.Unit)}, {Number(value.High, value.Unit)}]{unit} (n = {value.SampleSize:N0})");
    }

    /// <summary>
    /// The test statistic against what it was compared with: <c>p = 3.2e-9 (significance level 0.001)</c> when the
    /// statistic is a p-value, else <c>name = value (threshold t)</c> with shares as percentages.
    /// </summary>
    public static string Statistic(AlertEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.Statistic.Contains("p-value", StringComparison.OrdinalIgnoreCase))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{evidence.Statistic}: p = {P(evidence.StatisticValue)} (significance level {evidence.Threshold:G3})");
        }

        var unit = evidence.Statistic.Contains("share", StringComparison.OrdinalIgnoreCase) ? "share" : null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{evidence.Statistic} = {Number(evidence.StatisticValue, unit)} (threshold {Number(evidence.Threshold, unit)})");
    }

    /// <summary>A p-value: <c>3.2e-9</c>, <c>0.012</c>.</summary>
    public static string P(double p) => p < 1e-3
        ? p.ToString("0.#e+0", CultureInfo.InvariantCulture)
        : p.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>One line for notifications: detector, statistic, baseline → current, severity reason.</summary>
    public static string Description(AlertEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return $"{evidence.Detector}: {Statistic(evidence)}; baseline {Value(evidence.Baseline)} → current {Value(evidence.Current)}; {evidence.SeverityReason}";
    }
}
