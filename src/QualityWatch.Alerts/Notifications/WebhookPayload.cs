using System.Text.Json;
using QualityWatch.Alerts.Apis;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Notifications;

/// <summary>The generic JSON webhook body: <c>{"version":"1","event":…,"queuedAt":…,"alert":{…}}</c>.</summary>
internal static class WebhookPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Build(Alert alert, string notificationEvent, string link, DateTimeOffset queuedAt) =>
        JsonSerializer.Serialize(new { version = "1", @event = notificationEvent, queuedAt, alert = AlertResource.From(alert, link) }, Json);
}
