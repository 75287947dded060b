using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Configuration;

namespace QualityWatch.Alerts.Tests;

public sealed class AlertsOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-alerts-options-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AddQualityWatchAlerts_FromQualityWatchYaml_BindsSnakeCaseAlertsSection()
    {
        var path = Path.Combine(_directory, "qualitywatch.yaml");
        File.WriteAllText(path, """
            alerts:
              auto_resolve_after: "00:20:00"
              recovery_checks: 4
              reopen_cooldown: "12:00:00"
              provider_families:
                - { provider: bedrock-claude, family: aws.bedrock }
              renotify_interval: "00:02:00"
              max_examples: 4
              external_url: https://qw.example.com
              runbook_base_url: https://github.com/acme/qw/blob/main/docs/runbooks
              grafana_url: https://grafana.example.com
              provider_slas:
                - provider: openai-prod
                  sla: 0.999
                - provider: openai-prod
                  model: gpt-4o-mini
                  sla: 0.995
              routes:
                alertmanager: [ "http://127.0.0.1:9093" ]
                webhooks:
                  - url: https://hooks.example.com/qw
                    secret_env: QW_WEBHOOK_SECRET
                  - url: https://hooks.slack.example.com/T000
                    format: slack
            """);
        var services = new ServiceCollection().AddLogging().AddQualityWatchAlerts(QualityWatchConfiguration.Load(path));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AlertsOptions>>().Value;
        var receivers = provider.GetRequiredService<ReceiverCatalog>().All;

        Assert.Equal(TimeSpan.FromMinutes(20), options.AutoResolveAfter);
        Assert.Equal(4, options.RecoveryChecks);
        Assert.Equal(TimeSpan.FromHours(12), options.ReopenCooldown);
        Assert.Equal("aws.bedrock", Assert.Single(options.ProviderFamilies).Family);
        Assert.Equal(TimeSpan.FromMinutes(2), options.RenotifyInterval);
        Assert.Equal(4, options.MaxExamples);
        Assert.Equal("https://github.com/acme/qw/blob/main/docs/runbooks", options.RunbookBaseUrl);
        Assert.Equal("https://grafana.example.com", options.GrafanaUrl);
        Assert.Equal(0.999, options.SlaFor("openai-prod", "gpt-4o"));
        Assert.Equal(0.995, options.SlaFor("openai-prod", "gpt-4o-mini"));
        Assert.Equal(0.999, options.SlaFor("anthropic-prod", "claude"));
        Assert.Equal([ReceiverKind.Alertmanager, ReceiverKind.JsonWebhook, ReceiverKind.SlackWebhook], receivers.Select(r => r.Kind).ToArray());
        Assert.Equal("http://127.0.0.1:9093/api/v2/alerts", receivers[0].Url.ToString());
        Assert.Equal("QW_WEBHOOK_SECRET", receivers[1].SecretEnv);
    }

    [Theory]
    [InlineData("Alerts:MaxExamples", "1000", "alerts.max_examples")]
    [InlineData("Alerts:Routes:Webhooks:0:Url", "not a url", "alerts.routes.webhooks[].url")]
    [InlineData("Alerts:DefaultSla", "99.9", "alerts.default_sla")]
    [InlineData("Alerts:RecoveryChecks", "0", "alerts.recovery_checks")]
    [InlineData("Alerts:ReopenCooldown", "-01:00:00", "alerts.reopen_cooldown")]
    [InlineData("Alerts:ProviderFamilies:0:Provider", "openai-prod", "alerts.provider_families[]")]
    [InlineData("Alerts:RunbookBaseUrl", "docs/runbooks", "alerts.runbook_base_url")]
    [InlineData("Alerts:GrafanaUrl", "grafana:3000", "alerts.grafana_url")]
    public void AddQualityWatchAlerts_BadSetting_FailsNamingIt(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var provider = new ServiceCollection().AddLogging().AddQualityWatchAlerts(configuration).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<AlertsOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
