namespace QualityWatch.Alerts;

/// <summary>One webhook receiver.</summary>
public sealed class WebhookOptions
{
    /// <summary>Where to POST.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Environment variable holding the HMAC-SHA256 secret; when set, every request carries
    /// <c>X-QualityWatch-Signature: sha256=&lt;hex&gt;</c> of the body.</summary>
    public string? SecretEnv { get; set; }

    /// <summary><c>json</c> (QualityWatch payload) or <c>slack</c> (Slack incoming-webhook payload).</summary>
    public string Format { get; set; } = "json";
}
