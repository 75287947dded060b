using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Telemetry;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Pages;

public sealed class ReviewPagesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly InMemoryBucketSource _buckets = new();
    private AlertsApp _app = null!;
    private DateTimeOffset _change;

    public async Task InitializeAsync()
    {
        _app = await AlertsApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Alerts:ProviderSlas:0:Provider"] = "openai-prod",
                ["Alerts:ProviderSlas:0:Sla"] = "0.999",
                ["Alerts:ProviderSlas:1:Provider"] = "anthropic-prod",
                ["Alerts:ProviderSlas:1:Sla"] = "0.9995",
            },
            services => services.AddSingleton<ISeriesBucketSource>(_buckets));
        var now = DateTimeOffset.UtcNow;
        _change = now.AddMinutes(-70);
        var first = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(-240);
        _buckets.AddMinutes(Canary(), first, first.AddMinutes(240), t => t < _change ? 0.95 : 0.75, errors: t => (t - first).Ticks / TimeSpan.TicksPerMinute % 10 == 0 ? 1 : 0);
        _buckets.AddMinutes(Canary(provider: "anthropic-prod", model: "claude"), first, first.AddMinutes(240), _ => 1.0);
        var detected = _change.AddMinutes(8);
        await _app.Sink.PublishAsync(
            [
                QualityDrop(detected, Canary(), baseline: 0.95, current: 0.75, examples: Example(detected, "sum-17", "The answer is 42", "The answer is 42\nสวัสดี")) with { EstimatedStart = _change },
                QualityDrop(detected, Canary(provider: "anthropic-prod", model: "claude"), kind: "latency-drift", baseline: 0.8, current: 1.0, unit: "s", pValue: 1e-4),
                QualityDrop(detected, Canary(suite: "code")) with { Summary = "<script>window.__pwned = 1</script> summary" },
            ],
            [], detected, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AlertList_FiltersByProviderAndState()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Url("/alerts"));
        Assert.Equal(3, await page.Locator("tr.alert-row").CountAsync());

        await page.SelectOptionAsync("#filter-provider", "anthropic-prod");
        await page.ClickAsync("#apply-filters");
        await page.WaitForURLAsync("**provider=anthropic-prod**");
        Assert.Contains("provider=anthropic-prod", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("tr.alert-row").CountAsync());
        Assert.Equal("anthropic-prod / claude", await page.Locator("tr.alert-row td.provider").InnerTextAsync());

        await page.SelectOptionAsync("#filter-state", "resolved");
        await page.ClickAsync("#apply-filters");
        await page.WaitForURLAsync("**state=resolved**");
        Assert.Equal(0, await page.Locator("tr.alert-row").CountAsync());
        Assert.True(await page.Locator("#no-alerts").IsVisibleAsync());
    }

    [Fact]
    public async Task AlertPage_ShowsChartWithChangePointAndBaselineBand_EvidenceAndDiff()
    {
        var alert = await AlertAsync("openai-prod", "arithmetic");
        var page = await NewPageAsync();
        await page.GotoAsync(Url($"/alerts/{alert.Id}"));

        Assert.True(await page.Locator("svg#series-chart").IsVisibleAsync());
        Assert.Equal(1, await page.Locator("svg#series-chart line.change-point").CountAsync());
        Assert.Equal(1, await page.Locator("svg#series-chart rect.baseline-band").CountAsync());
        Assert.True(await page.Locator("svg#series-chart circle.series-point").CountAsync() > 20, "chart should draw the stored buckets");
        Assert.Contains("stored one-minute buckets", await page.Locator("svg#series-chart").InnerHTMLAsync(), StringComparison.Ordinal);
        var evidence = await page.Locator("#evidence").InnerTextAsync();
        Assert.Contains("CUSUM S = 12.5 (threshold 5)", evidence, StringComparison.Ordinal);
        Assert.Contains("bernoulli-cusum", evidence, StringComparison.Ordinal);
        Assert.Equal("+ สวัสดี", await page.Locator(".example pre.diff span.ins").InnerTextAsync());
    }

    [Fact]
    public async Task AlertPage_Acknowledge_AsksForTheKeyOnceAndChangesState()
    {
        var alert = await AlertAsync("openai-prod", "arithmetic");
        var page = await NewPageAsync();
        var prompts = 0;
        page.Dialog += async (_, dialog) =>
        {
            prompts++;
            await dialog.AcceptAsync(AlertsApp.AdminKey);
        };
        await page.GotoAsync(Url($"/alerts/{alert.Id}"));
        Assert.Equal("firing", await page.Locator("#alert-state").InnerTextAsync());

        await page.ClickAsync("#ack");
        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("acknowledged");
        await page.SelectOptionAsync("#silence-for", "4h");
        await page.ClickAsync("#silence");

        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("silenced");
        Assert.Equal(1, prompts);
        var stored = await _app.Store.GetAsync(alert.Id, CancellationToken.None);
        Assert.Equal(AlertState.Silenced, stored!.State);
        Assert.NotNull(stored.AcknowledgedAt);
        Assert.InRange(stored.SilencedUntil!.Value, DateTimeOffset.UtcNow.AddHours(3.9), DateTimeOffset.UtcNow.AddHours(4.1));
    }

    [Fact]
    public async Task AlertPage_WrongKey_ShowsTheRefusalAndKeepsState()
    {
        var alert = await AlertAsync("anthropic-prod", "arithmetic");
        var page = await NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync("wrong-key");
        await page.GotoAsync(Url($"/alerts/{alert.Id}"));

        await page.ClickAsync("#resolve");
        await page.Locator("#action-status.error").WaitForAsync();

        Assert.Contains("Forbidden", await page.Locator("#action-status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(AlertState.Firing, (await _app.Store.GetAsync(alert.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task ProvidersPage_MeasuresAvailabilityAgainstEachSla()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Url("/providers"));

        var openai = page.Locator("tr.provider-row[data-provider='openai-prod']");
        var anthropic = page.Locator("tr.provider-row[data-provider='anthropic-prod']");
        // 1 error every 10 minutes at 20 calls/min = 0.5 % errors: below a 99.9 % SLA.
        Assert.Equal("99.500 %", await openai.Locator("td.availability").InnerTextAsync());
        Assert.Equal("99.90 %", await openai.Locator("td.sla").InnerTextAsync());
        Assert.Equal("open incident: quality-regression · below SLA", await openai.Locator("td.sla-status").InnerTextAsync());
        Assert.StartsWith("75.0 %", await openai.Locator("td.pass-rate").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("100.000 %", await anthropic.Locator("td.availability").InnerTextAsync());
        Assert.Equal("99.95 %", await anthropic.Locator("td.sla").InnerTextAsync());
        // Available, but a latency incident is open on it: the status says so rather than "meets SLA".
        Assert.Equal("open incident: latency-drift", await anthropic.Locator("td.sla-status").InnerTextAsync());
    }

    [Fact]
    public async Task TheRootPage_IsTheOpenIncidentList_AndTheAlertsAreOneLinkAway()
    {
        var root = await _app.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("<h1>Incidents</h1>", root, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1>Alerts", root, StringComparison.Ordinal);
        Assert.Contains("href=\"/alerts\">Alerts</a>", root, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_EncodeAlertText_SoMarkupInSummariesNeverRuns()
    {
        var alert = await AlertAsync("openai-prod", "code");
        var page = await NewPageAsync();
        await page.GotoAsync(Url($"/alerts/{alert.Id}"));
        await page.GotoAsync(Url("/alerts"));

        Assert.Null(await page.EvaluateAsync<int?>("window.__pwned"));
        var raw = await _app.Client.GetStringAsync(new Uri("/alerts", UriKind.Relative));
        Assert.Contains("&lt;script&gt;window.__pwned = 1&lt;/script&gt;", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", raw.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_BadFilterOrUnknownAlert_Return4xxPages()
    {
        using var badFilter = await _app.Client.GetAsync(new Uri("/alerts?since=whenever", UriKind.Relative));
        using var missing = await _app.Client.GetAsync(new Uri("/alerts/al-nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Contains("since must be", await badFilter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync();
        return await context.NewPageAsync();
    }

    private string Url(string path) => new Uri(_app.BaseAddress, path).ToString();

    private async Task<Alert> AlertAsync(string provider, string suite) =>
        (await _app.Store.ListOpenAsync(CancellationToken.None)).First(a => a.Provider == provider && (provider != "openai-prod" || a.Suite == suite));
}
