using System.Globalization;
using QualityWatch.Gate.Running;
using QualityWatch.Gate.Statistics;

namespace QualityWatch.Gate.Reports;

/// <summary>The sentence that says how small a drop this gate, with this suite and budget, can see.</summary>
internal static class PowerDisclosure
{
    public static string Describe(SuiteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var power = McNemarPower.DefaultPower.ToString("P0", CultureInfo.InvariantCulture);
        var alpha = result.Alpha.ToString("0.####", CultureInfo.InvariantCulture);
        return result.MinimumDetectableDrop is { } drop
            ? string.Create(CultureInfo.InvariantCulture, $"smallest detectable drop ±{drop * 100:0.0}% at n={result.PlannedPairs} pairs (one-sided α={alpha}, {power} power)")
            : string.Create(CultureInfo.InvariantCulture, $"cannot reliably detect any drop at n={result.PlannedPairs} pairs (one-sided α={alpha}, {power} power); raise --max-calls or add cases");
    }
}
