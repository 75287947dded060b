namespace QualityWatch.Dashboards.Tests.Rules;

/// <summary>A recording (record) or alerting (alert) rule.</summary>
internal sealed class PrometheusRule
{
    public string? Record { get; set; }

    public string? Alert { get; set; }

    public string Expr { get; set; } = string.Empty;

    public string? For { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public Dictionary<string, string> Annotations { get; set; } = [];

    public string Name => Record ?? Alert ?? "(unnamed)";

    public override string ToString() => Record is not null ? $"record {Record}" : $"alert {Alert}";
}
