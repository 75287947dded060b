namespace QualityWatch.Collector;

/// <summary>An availability objective for one provider and model (for example 0.999).</summary>
public sealed class ProviderSloTarget
{
    /// <summary>Provider name as in <c>gen_ai.provider.name</c>.</summary>
    public string Provider { get; set; } = string.Empty;

    /// <summary>Requested model.</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Target availability in (0, 1].</summary>
    public double Target { get; set; } = 0.999;
}
