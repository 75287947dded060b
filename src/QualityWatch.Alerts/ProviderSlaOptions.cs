namespace QualityWatch.Alerts;

/// <summary>A provider's published availability SLA (<c>alerts.provider_slas[]</c>), optionally for one model.</summary>
public sealed class ProviderSlaOptions
{
    /// <summary>Configured provider name, for example <c>openai-prod</c>.</summary>
    public string Provider { get; set; } = string.Empty;

    /// <summary>Model, when the SLA differs per model; null for every model of the provider.</summary>
    public string? Model { get; set; }

    /// <summary>Availability target in (0, 1), for example 0.999 or 0.9995.</summary>
    public double Sla { get; set; }
}
