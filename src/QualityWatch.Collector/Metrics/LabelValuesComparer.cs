namespace QualityWatch.Collector.Metrics;

/// <summary>Compares label-value arrays by content, so hot-path lookups need no joined string key.</summary>
internal sealed class LabelValuesComparer : IEqualityComparer<string[]>
{
    public static LabelValuesComparer Instance { get; } = new();

    public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(string[] obj)
    {
        var hash = new HashCode();
        foreach (var value in obj)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
