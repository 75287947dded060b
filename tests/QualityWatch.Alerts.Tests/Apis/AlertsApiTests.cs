using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Metrics;
using QualityWatch.TestSupport.Metrics;
using Microsoft.Extensions.DependencyInjection;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Apis;

public sealed class AlertsApiTests : IAsyncLifetime
{
    private AlertsApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await AlertsApp.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await _app.Sink.PublishAsync(
            [QualityDrop(now.AddHours(-3), Canary(suite: "arithmetic")), QualityDrop(now.AddHours(-3), Canary(provider: "anthropic-prod", model: "claude"), current: 0.95, pValue: 0.01)],
            [], now.AddHours(-3), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task List_WithFilters_ReturnsMatchingAlerts()
    {
        var all = await GetJsonAsync("/api/alerts");
        var openai = await GetJsonAsync("/api/alerts?provider=openai-prod&state=firing");
        var none = await GetJsonAsync("/api/alerts?state=resolved");

        Assert.Equal(2, all.GetArrayLength());
        var only = Assert.Single(openai.EnumerateArray());
        Assert.Equal("openai-prod", only.GetProperty("provider").GetString());
        Assert.Equal("critical", only.GetProperty("severity").GetString());
        Assert.Equal(0, none.GetArrayLength());
    }

    [Fact]
    public async Task List_SinceFilter_UsesLastUpdateTime()
    {
        var alerts = await _app.Store.ListOpenAsync(CancellationToken.None);
        var recent = await GetJsonAsync($"/api/alerts?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");
        var lastDay = await GetJsonAsync("/api/alerts?since=24h");

        Assert.Equal(0, recent.GetArrayLength());
        Assert.Equal(alerts.Count, lastDay.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/alerts?state=burning", "state must be one of")]
    [InlineData("/api/alerts?since=yesterday-ish", "since must be")]
    [InlineData("/api/alerts?limit=0", "limit must be")]
    public async Task List_BadFilter_Returns400ProblemDetails(string url, string detail)
    {
        using var response = await _app.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_KnownAlert_ReturnsEvidenceAndHistory()
    {
        var id = (await _app.Store.ListOpenAsync(CancellationToken.None)).Single(a => a.Provider == "openai-prod").Id;

        var alert = await GetJsonAsync($"/api/alerts/{id}");

        var evidence = alert.GetProperty("evidence");
        Assert.Equal("CUSUM S", evidence.GetProperty("statistic").GetString());
        Assert.Equal(0.97, evidence.GetProperty("baseline").GetProperty("value").GetDouble(), 6);
        Assert.Equal(0.78, evidence.GetProperty("current").GetProperty("value").GetDouble(), 6);
        Assert.Equal(1e-9, evidence.GetProperty("pValue").GetDouble(), 12);
        Assert.Equal("firing", alert.GetProperty("history")[0].GetProperty("to").GetString());
        Assert.Equal($"/alerts/{id}", alert.GetProperty("link").GetString());
    }

    [Fact]
    public async Task Get_UnknownAlert_Returns404ProblemDetails()
    {
        using var response = await _app.Client.GetAsync(new Uri("/api/alerts/al-nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Ack_WithoutKey_Is401_WithWrongKey_Is403_AndChangesNothing()
    {
        var id = (await _app.Store.ListOpenAsync(CancellationToken.None))[0].Id;

        using var anonymous = await _app.Client.PostAsync(new Uri($"/api/alerts/{id}/ack", UriKind.Relative), null);
        using var wrong = await SendAsync(HttpMethod.Post, $"/api/alerts/{id}/ack", "not-the-key");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("not-the-key", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("firing", (await GetJsonAsync($"/api/alerts/{id}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Ack_Silence_Resolve_WithAdminKey_FollowTheLifecycleAndRefuseBadTransitions()
    {
        var id = (await _app.Store.ListOpenAsync(CancellationToken.None))[0].Id;

        using var ack = await SendAsync(HttpMethod.Post, $"/api/alerts/{id}/ack?by=maria", AlertsApp.AdminKey, bearer: true);
        using var ackAgain = await SendAsync(HttpMethod.Post, $"/api/alerts/{id}/ack", AlertsApp.AdminKey);
        using var silenceBad = await SendAsync(HttpMethod.Post, $"/api/alerts/{id}/silence?until=soon", AlertsApp.AdminKey);
        using var silencePast = await SendAsync(HttpMethod.Post, $"/api/alerts/{id}/silence?until=2001-01-01T00:00:00Z", AlertsApp.AdminKey);
        using var silence = await SendAsync(HttpMethod.Post, $"/api/alerts/{id}/silence?until=2h", AlertsApp.AdminKey);
        using var resolve = await SendAsync(HttpMethod.Post, $"/api/alerts/{id}/resolve", AlertsApp.AdminKey);
        using var resolveAgain = await SendAsync(HttpMethod.Post, $"/api/alerts/{id}/resolve", AlertsApp.AdminKey);
        using var missing = await SendAsync(HttpMethod.Post, "/api/alerts/al-nope/ack", AlertsApp.AdminKey);

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acknowledged = await ack.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("acknowledged", acknowledged.GetProperty("state").GetString());
        Assert.Equal("maria", acknowledged.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, ackAgain.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, silenceBad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, silencePast.StatusCode);
        Assert.Equal(HttpStatusCode.OK, silence.StatusCode);
        var silencedUntil = (await silence.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("silencedUntil").GetDateTimeOffset();
        Assert.InRange(silencedUntil, DateTimeOffset.UtcNow.AddHours(1.9), DateTimeOffset.UtcNow.AddHours(2.1));
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, resolveAgain.StatusCode);
        Assert.Equal("application/problem+json", resolveAgain.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var history = (await GetJsonAsync($"/api/alerts/{id}")).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()!).ToArray();
        Assert.Equal(["firing", "acknowledged", "silenced", "resolved"], history);
    }

    [Fact]
    public async Task Metrics_ActiveAlerts_CountOpenAlertsBySeverityKindAndProvider()
    {
        var factory = _app.Services.GetRequiredService<IMeterFactory>();
        IReadOnlyList<InstrumentReading> Observe() => InstrumentReadings.Observe(MeterNames.Alerts, "qualitywatch.alerts_active", meter => ReferenceEquals(meter.Scope, factory));
        var id = (await _app.Store.ListOpenAsync(CancellationToken.None)).Single(a => a.Provider == "openai-prod").Id;

        var before = Observe();
        await SendAsync(HttpMethod.Post, $"/api/alerts/{id}/resolve", AlertsApp.AdminKey);
        var after = Observe();

        Assert.Equal(1, before.Single(s => s.Tags["gen_ai.provider.name"] == "openai-prod" && s.Tags["severity"] == "critical" && s.Tags["kind"] == "quality-regression").Value);
        Assert.Equal(1, before.Single(s => s.Tags["gen_ai.provider.name"] == "anthropic-prod").Value);
        Assert.Equal(0, after.Single(s => s.Tags["gen_ai.provider.name"] == "openai-prod").Value);
        Assert.Equal(1, after.Single(s => s.Tags["gen_ai.provider.name"] == "anthropic-prod").Value);
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await _app.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string key, bool bearer = false)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            request.Headers.Add("x-api-key", key);
        }

        return await _app.Client.SendAsync(request);
    }
}
