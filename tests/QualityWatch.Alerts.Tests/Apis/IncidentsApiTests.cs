using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Findings;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Apis;

/// <summary><c>/api/incidents</c> and <c>/incidents/{id}</c> on a real Kestrel port.</summary>
public sealed class IncidentsApiTests : IAsyncLifetime
{
    private AlertsApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:ProviderFamilies:0:Provider"] = "openai-prod",
            ["Alerts:ProviderFamilies:0:Family"] = "openai",
        });
        var now = DateTimeOffset.UtcNow;
        await _app.Sink.PublishAsync(
            [
                QualityDrop(now.AddHours(-3), Canary(model: "gpt-4o-mini", suite: "arithmetic"), kind: FindingKinds.LatencyDrift, unit: "seconds", baseline: 0.8, current: 1.6),
                QualityDrop(now.AddHours(-3), Canary(model: "gpt-4o-mini", suite: "code"), kind: FindingKinds.LatencyDrift, unit: "seconds", baseline: 0.8, current: 1.6),
                QualityDrop(now.AddHours(-2), new("openai", "gpt-4o-mini", "chat", new SortedDictionary<string, string>()), kind: FindingKinds.LatencyDrift, unit: "seconds", baseline: 0.8, current: 1.6),
            ],
            [], now.AddHours(-2), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task List_OpenIncidents_ReturnsOneIncidentWithItsMembersAndTimeline()
    {
        using var document = JsonDocument.Parse(await _app.Client.GetStringAsync(new Uri("/api/incidents?state=open", UriKind.Relative)));

        var incident = Assert.Single(document.RootElement.EnumerateArray());
        Assert.StartsWith("inc-", incident.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("firing", incident.GetProperty("state").GetString());
        Assert.Equal("latency-drift", incident.GetProperty("kind").GetString());
        Assert.Equal("openai", incident.GetProperty("provider").GetString());
        Assert.Equal("gpt-4o-mini", incident.GetProperty("model").GetString());
        Assert.Equal("critical", incident.GetProperty("severity").GetString());
        Assert.Equal(JsonValueKind.String, incident.GetProperty("opened_at").ValueKind);
        Assert.Equal(JsonValueKind.String, incident.GetProperty("updated_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("resolved_at").ValueKind);
        Assert.Equal(3, incident.GetProperty("alerts").GetArrayLength());
        Assert.Equal("/runbooks/latency-drift", incident.GetProperty("runbook_url").GetString());
        var timeline = incident.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()!).ToArray();
        Assert.Equal(["opened", "signal-added", "signal-added"], timeline);
    }

    [Theory]
    [InlineData("all", 1)]
    [InlineData("firing", 1)]
    [InlineData("resolved", 0)]
    [InlineData("acknowledged", 0)]
    [InlineData("silenced", 0)]
    public async Task List_ByState_Filters(string state, int expected)
    {
        using var document = JsonDocument.Parse(await _app.Client.GetStringAsync(new Uri($"/api/incidents?state={state}", UriKind.Relative)));

        Assert.Equal(expected, document.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task List_UnknownState_Returns400ProblemDetails()
    {
        using var response = await _app.Client.GetAsync(new Uri("/api/incidents?state=burning", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Acknowledge_WithKeyAndNote_ShowsWhoAndWhyOnTheTimelineAndThePage()
    {
        var id = (await _app.Store.QueryIncidentsAsync(new(), CancellationToken.None)).Single().Id;
        using var refused = await _app.Client.PostAsync(new Uri($"/api/incidents/{id}/ack?by=maria", UriKind.Relative), null);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/incidents/{id}/ack?by=maria&note=failing%20over", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AlertsApp.AdminKey);
        using var response = await _app.Client.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var page = await _app.Client.GetStringAsync(new Uri($"/incidents/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acknowledged", document.RootElement.GetProperty("state").GetString());
        Assert.Contains(document.RootElement.GetProperty("timeline").EnumerateArray(), e =>
            e.GetProperty("event").GetString() == "acknowledged" && e.GetProperty("actor").GetString() == "maria" && e.GetProperty("note").GetString() == "acknowledged: failing over");
        Assert.Contains("id=\"incident-headline\">latency-drift on openai / gpt-4o-mini</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"event-acknowledged\">", page, StringComparison.Ordinal);
        Assert.Contains("failing over", page, StringComparison.Ordinal);
        Assert.Equal(3, page.Split("<tr class=\"member\">").Length - 1);
        Assert.Contains("<table id=\"evidence\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownIncident_Returns404OnTheApiAndThePage()
    {
        using var api = await _app.Client.GetAsync(new Uri("/api/incidents/inc-nope", UriKind.Relative));
        using var page = await _app.Client.GetAsync(new Uri("/incidents/inc-nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }
}
