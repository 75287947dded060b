namespace QualityWatch.Detection.Statistics;

/// <summary>The median of a sample (mean of the two middle values for an even count), leaving the input as it is.</summary>
internal static class SampleMedian
{
    public static double Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
