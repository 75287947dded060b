using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Apis;

/// <summary>Incident-level resolve and silence, label silences and <c>/api/silences</c>, on a real Kestrel port and SQLite.</summary>
public sealed class SilencesApiTests : IAsyncLifetime
{
    private static readonly SeriesKey Telemetry = new("openai", "gpt-4o-mini", "chat", new SortedDictionary<string, string>());
    private AlertsApp _app = null!;
    private DateTimeOffset _now;

    public async Task InitializeAsync()
    {
        _app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:ProviderFamilies:0:Provider"] = "openai-prod",
            ["Alerts:ProviderFamilies:0:Family"] = "openai",
        });
        _now = DateTimeOffset.UtcNow;
        await _app.Sink.PublishAsync(
            [
                Latency(Canary(model: "gpt-4o-mini", suite: "arithmetic"), _now.AddMinutes(-30)),
                QualityDrop(_now.AddMinutes(-30), Canary(provider: "anthropic-prod", model: "claude")),
            ],
            [], _now.AddMinutes(-30), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SilencingAnIncident_CoversASuiteJoiningLater_AndTheSameAlertRegressingAfterResolution()
    {
        var incident = await IncidentAsync(FindingKinds.LatencyDrift);
        using var silenced = await PostAsync($"/api/incidents/{incident.Id}/silence?until=4h&by=maria&note=provider%20ticket%20123");
        Assert.Equal(HttpStatusCode.OK, silenced.StatusCode);

        using var list = JsonDocument.Parse(await _app.Client.GetStringAsync(new Uri("/api/silences", UriKind.Relative)));
        var silence = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal("openai", silence.GetProperty("provider").GetString());
        Assert.Equal("gpt-4o-mini", silence.GetProperty("model").GetString());
        Assert.Equal("latency-drift", silence.GetProperty("kind").GetString());
        Assert.Equal("maria", silence.GetProperty("created_by").GetString());
        Assert.Equal(incident.Id, silence.GetProperty("incident_id").GetString());

        // Telemetry on the same physical model joins the incident while the silence lasts: silenced at once.
        var later = DateTimeOffset.UtcNow;
        await _app.Sink.PublishAsync([Latency(Telemetry, later)], [], later, CancellationToken.None);
        var members = await _app.Store.ListIncidentAlertsAsync(incident.Id, CancellationToken.None);
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.Equal(AlertState.Silenced, m.State));
        Assert.Equal(AlertState.Silenced, (await _app.Store.GetIncidentAsync(incident.Id, CancellationToken.None))!.State);

        // Resolved by hand, then the same fault regresses within the cool-down: the reopened alert stays silenced.
        using var resolved = await PostAsync($"/api/incidents/{incident.Id}/resolve?by=li&note=rolled%20back");
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        later = DateTimeOffset.UtcNow.AddSeconds(1);
        await _app.Sink.PublishAsync([Latency(Telemetry, later)], [], later, CancellationToken.None);
        var reopened = (await _app.Store.ListIncidentAlertsAsync(incident.Id, CancellationToken.None)).Single(a => a.Suite is null);
        Assert.Equal(AlertState.Silenced, reopened.State);
        var history = await _app.Store.GetHistoryAsync(reopened.Id, CancellationToken.None);
        Assert.Contains(history, h => h.From == AlertState.Resolved && h.To == AlertState.Firing);
        Assert.Contains(history, h => h.From == AlertState.Firing && h.To == AlertState.Silenced && h.Actor == "maria" && h.Note.Contains("provider ticket 123", StringComparison.Ordinal));
        Assert.Contains(history, h => h.To == AlertState.Resolved && h.Actor == "li" && h.Note == "resolved by hand: rolled back");
    }

    [Fact]
    public async Task LabelSilence_SilencesOnlyMatchingOpenAlerts_AndExpiringItByHandUnsilencesThem()
    {
        using var created = await PostAsync("/api/silences?model=gpt-4o-mini&until=1h&by=ops&note=maintenance");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        Assert.Equal(AlertState.Silenced, (await IncidentAsync(FindingKinds.LatencyDrift)).State);
        Assert.Equal(AlertState.Firing, (await IncidentAsync(FindingKinds.QualityRegression)).State);

        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"/api/silences/{id}?by=ops", UriKind.Relative));
        request.Headers.Add("x-api-key", AlertsApp.AdminKey);
        using var expired = await _app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Equal(AlertState.Firing, (await IncidentAsync(FindingKinds.LatencyDrift)).State);
        using var active = JsonDocument.Parse(await _app.Client.GetStringAsync(new Uri("/api/silences", UriKind.Relative)));
        Assert.Empty(active.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task IncidentList_FiltersTakeSeveralValues()
    {
        using var both = JsonDocument.Parse(await _app.Client.GetStringAsync(new Uri("/api/incidents?state=firing&state=resolved&kind=latency-drift&kind=quality-regression", UriKind.Relative)));
        using var one = JsonDocument.Parse(await _app.Client.GetStringAsync(new Uri("/api/incidents?provider=openai-prod,anthropic&model=gpt-4o-mini", UriKind.Relative)));

        Assert.Equal(2, both.RootElement.GetArrayLength());
        Assert.Equal("gpt-4o-mini", Assert.Single(one.RootElement.EnumerateArray()).GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/silences?until=1h", HttpStatusCode.BadRequest, "at least one matcher")]
    [InlineData("POST", "/api/silences?kind=nope&until=1h", HttpStatusCode.BadRequest, "kind must be one of")]
    [InlineData("POST", "/api/silences?model=m&until=2020-01-01T00:00:00Z", HttpStatusCode.BadRequest, "until is required")]
    [InlineData("POST", "/api/incidents/inc-missing/resolve", HttpStatusCode.NotFound, "does not exist")]
    [InlineData("POST", "/api/incidents/inc-missing/silence", HttpStatusCode.BadRequest, "until is required")]
    [InlineData("DELETE", "/api/silences/sil-missing", HttpStatusCode.NotFound, "does not exist")]
    [InlineData("GET", "/api/incidents?state=open&state=bogus", HttpStatusCode.BadRequest, "state 'bogus'")]
    [InlineData("GET", "/api/incidents?kind=latency", HttpStatusCode.BadRequest, "kind 'latency'")]
    public async Task BadInput_IsAProblemDetails4xx(string method, string path, HttpStatusCode status, string detail)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        request.Headers.Add("x-api-key", AlertsApp.AdminKey);
        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_WithoutAKey_AreRefused()
    {
        using var response = await _app.Client.PostAsync(new Uri("/api/silences?model=gpt-4o-mini&until=1h", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _app.Store.ListSilencesAsync(null, CancellationToken.None));
    }

    private static Finding Latency(SeriesKey series, DateTimeOffset at) =>
        QualityDrop(at, series, kind: FindingKinds.LatencyDrift, unit: "seconds", baseline: 0.8, current: 1.6, pValue: 1e-8) with { Detector = "latency-mann-whitney" };

    private async Task<HttpResponseMessage> PostAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AlertsApp.AdminKey);
        return await _app.Client.SendAsync(request);
    }

    private async Task<Incident> IncidentAsync(string kind) =>
        (await _app.Store.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None)).Single(i => i.Kind == kind);
}
