using Microsoft.Extensions.Options;

namespace QualityWatch.Alerts.Notifications;

/// <summary>The receivers configured under <c>alerts.routes</c>.</summary>
internal sealed class ReceiverCatalog
{
    private readonly Dictionary<string, ReceiverEndpoint> _byId;

    public ReceiverCatalog(IOptions<AlertsOptions> options)
    {
        var routes = options.Value.Routes;
        var all = new List<ReceiverEndpoint>();
        foreach (var url in routes.Alertmanager)
        {
            var baseUrl = url.TrimEnd('/');
            all.Add(new ReceiverEndpoint($"alertmanager|{baseUrl}", ReceiverKind.Alertmanager, new Uri(baseUrl + "/api/v2/alerts"), null));
        }

        foreach (var webhook in routes.Webhooks)
        {
            var kind = webhook.Format == "slack" ? ReceiverKind.SlackWebhook : ReceiverKind.JsonWebhook;
            all.Add(new ReceiverEndpoint($"webhook-{webhook.Format}|{webhook.Url}", kind, new Uri(webhook.Url), string.IsNullOrWhiteSpace(webhook.SecretEnv) ? null : webhook.SecretEnv));
        }

        All = all.DistinctBy(r => r.Id).ToList();
        _byId = All.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<ReceiverEndpoint> All { get; }

    public bool TryGet(string id, out ReceiverEndpoint receiver) => _byId.TryGetValue(id, out receiver!);
}
