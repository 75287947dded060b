namespace QualityWatch.Core.Telemetry;

/// <summary>
/// Identifies one time series: provider, model and operation, plus configured labels (region, deployment…).
/// For canary series the suite (and optionally category) is carried in <see cref="Labels"/> under
/// <c>suite</c> and <c>category</c>.
/// </summary>
public sealed record SeriesKey(string Provider, string Model, string Operation, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>A key with no extra labels.</summary>
    public static SeriesKey Of(string provider, string model, string operation = "chat") =>
        new(provider, model, operation, new SortedDictionary<string, string>(StringComparer.Ordinal));

    /// <summary>A stable text form, for storage keys and logs: <c>provider/model/operation{k=v,…}</c>.</summary>
    public string Canonical =>
        Labels.Count == 0
            ? $"{Provider}/{Model}/{Operation}"
            : $"{Provider}/{Model}/{Operation}{{{string.Join(',', Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}}}";

    /// <inheritdoc />
    public bool Equals(SeriesKey? other) => other is not null && Canonical == other.Canonical;

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    /// <inheritdoc />
    public override string ToString() => Canonical;
}
