namespace QualityWatch.Alerts;

/// <summary>Notification receivers (<c>alerts.routes</c>).</summary>
public sealed class AlertRoutesOptions
{
    /// <summary>Alertmanager base URLs, for example <c>http://alertmanager:9093</c>; alerts go to <c>/api/v2/alerts</c>.</summary>
    public List<string> Alertmanager { get; set; } = [];

    /// <summary>Generic JSON and Slack-compatible webhooks.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];
}
