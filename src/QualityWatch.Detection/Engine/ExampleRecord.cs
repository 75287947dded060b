namespace QualityWatch.Detection.Engine;

/// <summary>A failing canary case kept as evidence (serialisable form of a finding example).</summary>
internal sealed class ExampleRecord
{
    public DateTimeOffset Timestamp { get; set; }

    public string Title { get; set; } = string.Empty;

    public string? Expected { get; set; }

    public string? Actual { get; set; }

    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);
}
