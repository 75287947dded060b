using QualityWatch.Core.Telemetry;

namespace QualityWatch.Detection.Engine;

/// <summary>Serialisable form of a <see cref="SeriesKey"/>.</summary>
internal sealed class SeriesIdentity
{
    public string Provider { get; set; } = string.Empty;

    public string Model { get; set; } = string.Empty;

    public string Operation { get; set; } = string.Empty;

    public SortedDictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    public static SeriesIdentity From(SeriesKey key) => new()
    {
        Provider = key.Provider,
        Model = key.Model,
        Operation = key.Operation,
        Labels = new SortedDictionary<string, string>(key.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal), StringComparer.Ordinal),
    };

    public SeriesKey ToKey() => new(Provider, Model, Operation, new SortedDictionary<string, string>(Labels, StringComparer.Ordinal));
}
