using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Otlp.Proto.Resource;

namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>What a metrics resource contributes: its configured series labels and an identity for stream keys.</summary>
internal sealed class MetricResource
{
    public MetricResource(Resource? resource, GenAiSpanMapper mapper)
    {
        var attributes = resource?.Attributes ?? [];
        Identity = string.Join(',', attributes.Select(a => $"{a.Key}={a.Value}").Order(StringComparer.Ordinal));
        foreach (var attribute in attributes)
        {
            if (mapper.LabelFor(attribute.Key) is { } label && GenAiSpanMapper.LabelValue(attribute.Key, attribute.Value) is { } value)
            {
                (Labels ??= new(StringComparer.Ordinal))[label] = value;
            }
        }
    }

    public string Identity { get; }

    public SortedDictionary<string, string>? Labels { get; private set; }
}
