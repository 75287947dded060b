namespace QualityWatch.Alerts;

/// <summary>Maps a configured provider name to the provider family the telemetry reports (<c>alerts.provider_families[]</c>).</summary>
public sealed class ProviderFamilyOptions
{
    /// <summary>Configured provider name, for example <c>openai-prod</c>.</summary>
    public string Provider { get; set; } = string.Empty;

    /// <summary>Its <c>gen_ai.provider.name</c>, for example <c>openai</c> or <c>gcp.gemini</c>.</summary>
    public string Family { get; set; } = string.Empty;

    /// <summary>The <c>gen_ai.provider.name</c> that providers of an adapter kind (<c>openai</c>, <c>anthropic</c>,
    /// <c>gemini</c>…) report, or the kind itself when it has no other name.</summary>
    public static string FamilyOfKind(string kind) => kind.Trim().ToLowerInvariant() switch
    {
        "gemini" or "google" or "vertex" => "gcp.gemini",
        "bedrock" => "aws.bedrock",
        "azure-openai" or "azure" => "azure.ai.openai",
        var other => other,
    };
}
