using System.Text.Json;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Alerts.Tests.Storage;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Notifications;

public sealed class SlackPayloadTests
{
    [Fact]
    public void Build_SummaryWithSlackMarkup_IsEscapedSoItCannotMentionOrLink()
    {
        var alert = SqlAlertStoreContract.NewAlert("al-s", "openai-prod", T0) with { Summary = "<!channel> pass rate < 90 % & falling" };
        var incident = new Incident("inc-s", "k", alert.Kind, "openai", alert.Model, AlertState.Firing, alert.Severity, alert.Summary, T0, T0, null);

        using var payload = JsonDocument.Parse(SlackPayload.Build(incident, alert, "firing", "https://qw.example.com/incidents/inc-s"));

        var text = payload.RootElement.GetProperty("text").GetString();
        Assert.EndsWith("firing — &lt;!channel&gt; pass rate &lt; 90 % &amp; falling", text, StringComparison.Ordinal);
        Assert.Equal("https://qw.example.com/incidents/inc-s", payload.RootElement.GetProperty("attachments")[0].GetProperty("title_link").GetString());
    }
}
