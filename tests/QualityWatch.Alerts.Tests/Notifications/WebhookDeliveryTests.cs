using QualityWatch.Alerts.Tests.Infrastructure;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Notifications;

public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Dispatch_JsonAndSlackWebhooks_DeliverSignedPayloadsTheReceiverVerifies()
    {
        var secretEnv = "QW_TEST_HOOK_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretEnv, "s3cret-for-hmac");
        await using var json = await WebhookReceiver.StartAsync("s3cret-for-hmac");
        await using var slack = await WebhookReceiver.StartAsync("s3cret-for-hmac");
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Routes:Webhooks:0:Url"] = json.Url.ToString(),
            ["Alerts:Routes:Webhooks:0:SecretEnv"] = secretEnv,
            ["Alerts:Routes:Webhooks:1:Url"] = slack.Url.ToString(),
            ["Alerts:Routes:Webhooks:1:SecretEnv"] = secretEnv,
            ["Alerts:Routes:Webhooks:1:Format"] = "slack",
        });
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await app.Sink.PublishAsync([QualityDrop(start, examples: Example(start, "sum-1"))], [], start, CancellationToken.None);

        var report = await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(2, report.Delivered);
        Assert.Equal(0, json.RejectedSignatures);
        var received = Assert.Single(json.Received);
        Assert.Equal("firing", received.Event);
        var alert = received.Body.GetProperty("alert");
        Assert.Equal("critical", alert.GetProperty("severity").GetString());
        Assert.Equal(alert.GetProperty("incidentId").GetString(), received.Body.GetProperty("incident_id").GetString());
        Assert.Equal("firing", received.Body.GetProperty("incident").GetProperty("state").GetString());
        Assert.Equal("bernoulli-cusum", alert.GetProperty("evidence").GetProperty("detector").GetString());
        Assert.Equal("sum-1", alert.GetProperty("evidence").GetProperty("examples")[0].GetProperty("title").GetString());
        var slackBody = Assert.Single(slack.Received).Body;
        Assert.StartsWith("[CRITICAL] quality-regression on openai-prod/gpt-4o", slackBody.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("#d00000", slackBody.GetProperty("attachments")[0].GetProperty("color").GetString());
    }

    [Fact]
    public async Task Dispatch_WrongSecret_IsRejectedByReceiverAndKeptForRetry()
    {
        var secretEnv = "QW_TEST_HOOK_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretEnv, "not-the-receivers-secret");
        await using var receiver = await WebhookReceiver.StartAsync("the-real-secret");
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Routes:Webhooks:0:Url"] = receiver.Url.ToString(),
            ["Alerts:Routes:Webhooks:0:SecretEnv"] = secretEnv,
        });
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await app.Sink.PublishAsync([QualityDrop(start)], [], start, CancellationToken.None);

        var report = await app.Dispatcher.DispatchPendingAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(0, report.Delivered);
        Assert.Equal(1, receiver.RejectedSignatures);
        var pending = Assert.Single(await app.Store.GetUndeliveredAsync(10, CancellationToken.None));
        Assert.Equal("HTTP 401", pending.LastError);
        Assert.DoesNotContain("secret", pending.LastError!, StringComparison.OrdinalIgnoreCase);
    }
}
