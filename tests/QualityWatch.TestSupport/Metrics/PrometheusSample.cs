namespace QualityWatch.TestSupport.Metrics;

/// <summary>One line of a Prometheus exposition: a series name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public override string ToString() => $"{Name}{{{string.Join(',', Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value}";
}
