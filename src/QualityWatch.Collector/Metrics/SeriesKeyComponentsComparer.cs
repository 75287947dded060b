using QualityWatch.Core.Telemetry;

namespace QualityWatch.Collector.Metrics;

/// <summary>Series keys equal by provider, model, operation and labels, without building their canonical strings.</summary>
internal sealed class SeriesKeyComponentsComparer : IEqualityComparer<SeriesKey>
{
    public static SeriesKeyComponentsComparer Instance { get; } = new();

    public bool Equals(SeriesKey? x, SeriesKey? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Provider != y.Provider || x.Model != y.Model || x.Operation != y.Operation || x.Labels.Count != y.Labels.Count)
        {
            return false;
        }

        foreach (var (name, value) in x.Labels)
        {
            if (!y.Labels.TryGetValue(name, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(SeriesKey obj) =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.Provider), StringComparer.Ordinal.GetHashCode(obj.Model), StringComparer.Ordinal.GetHashCode(obj.Operation), obj.Labels.Count);
}
