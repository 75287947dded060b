using System.Text.Json;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Alerts.Tests.Storage;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Notifications;

public sealed class SlackPayloadTests
{
    [Fact]
    public void Build_SummaryWithSlackMarkup_IsEscapedSoItCannotMentionOrLink()
    {
        var alert = SqlAlertStoreContract.NewAlert("al-s", "openai-prod", T0) with { Summary = "<!channel> pass rate < 90 % & falling" };

        using var payload = JsonDocument.Parse(SlackPayload.Build(alert, "firing", "https://qw.example.com/alerts/al-s"));

        var text = payload.RootElement.GetProperty("text").GetString();
        Assert.EndsWith("firing — &lt;!channel&gt; pass rate &lt; 90 % &amp; falling", text, StringComparison.Ordinal);
        Assert.Equal("https://qw.example.com/alerts/al-s", payload.RootElement.GetProperty("attachments")[0].GetProperty("title_link").GetString());
    }
}
