using System.Globalization;
using QualityWatch.Gate.Running;
using QualityWatch.Gate.Statistics;

namespace QualityWatch.Gate.Reports;

/// <summary>The sentence that says how small a drop this gate, with this suite and budget, can see.</summary>
internal static class PowerDisclosure
{
    public static string Describe(SuiteResult result, double maxDrop)
    {
        ArgumentNullException.ThrowIfNull(result);
        var power = string.Create(CultureInfo.InvariantCulture, $"{McNemarPower.DefaultPower * 100:0}%");
        var alpha = result.Alpha.ToString("0.####", CultureInfo.InvariantCulture);
        return result.MinimumDetectableDrop is { } drop
            ? string.Create(CultureInfo.InvariantCulture, $"smallest detectable drop ±{drop * 100:0.0}% at n={result.PlannedPairs} pairs (one-sided α={alpha}, {power} power)")
              + (drop > maxDrop ? string.Create(CultureInfo.InvariantCulture, $"; that is more than the {maxDrop * 100:0.0}% the gate should catch: raise --max-calls or add cases") : string.Empty)
            : string.Create(CultureInfo.InvariantCulture, $"cannot reliably detect any drop at n={result.PlannedPairs} pairs (one-sided α={alpha}, {power} power); raise --max-calls or add cases");
    }
}
