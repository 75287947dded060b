namespace QualityWatch.Detection.TimeSeries;

/// <summary>Up-front option validation: every message names the parameter and its allowed range.</summary>
internal static class OptionChecks
{
    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}.");
        }
    }

    public static void Between(double value, double low, double high, string name, bool exclusive = false)
    {
        bool outside = exclusive ? !(value > low && value < high) : !(value >= low && value <= high);
        if (outside || double.IsNaN(value))
        {
            string range = exclusive ? $"({low}, {high})" : $"[{low}, {high}]";
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in {range}.");
        }
    }
}
