using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Incidents;

/// <summary>Alerts of one kind of fault on one physical target are one incident, across suites and across canary
/// and telemetry sources; notifications go out once per incident change.</summary>
public sealed class IncidentGroupingTests
{
    private static readonly Dictionary<string, string?> OpenAiProdIsOpenAi = new()
    {
        ["Alerts:ProviderFamilies:0:Provider"] = "openai-prod",
        ["Alerts:ProviderFamilies:0:Family"] = "openai",
        ["Alerts:Routes:Alertmanager:0"] = "http://127.0.0.1:9/",
        ["Alerts:RecoveryChecks"] = "2",
    };

    private static Finding LatencyDrift(DateTimeOffset at, SeriesKey series) =>
        QualityDrop(at, series, baseline: 0.8, current: 1.6, unit: "seconds", kind: FindingKinds.LatencyDrift);

    private static SeriesKey Telemetry(string provider = "openai", string model = "gpt-4o-mini") => SeriesKey.Of(provider, model);

    [Fact]
    public async Task LatencyDriftSeenByEveryCanarySuiteAndByTelemetry_IsOneIncidentOnTheProviderFamily()
    {
        await using var app = await AlertsApp.StartAsync(OpenAiProdIsOpenAi);
        var suites = new[] { "arithmetic", "code", "long-context", "translation", "json", "summaries", "reasoning" };
        await app.Sink.PublishAsync([.. suites.Select(s => LatencyDrift(T0, Canary(model: "gpt-4o-mini", suite: s)))], [], T0, CancellationToken.None);
        await app.Sink.PublishAsync([LatencyDrift(T0.AddMinutes(3), Telemetry())], [], T0.AddMinutes(3), CancellationToken.None);
        await app.Sink.PublishAsync([LatencyDrift(T0.AddMinutes(4), Canary(provider: "anthropic-prod", model: "claude"))], [], T0.AddMinutes(4), CancellationToken.None);

        var open = await app.Store.ListOpenAsync(CancellationToken.None);
        Assert.Equal(9, open.Count);
        var incidents = await app.Store.QueryIncidentsAsync(new IncidentQuery(Open: true), CancellationToken.None);
        Assert.Equal(2, incidents.Count);
        var openai = Assert.Single(incidents, i => i.Model == "gpt-4o-mini");
        Assert.Equal("openai", openai.Provider);
        Assert.Equal(FindingKinds.LatencyDrift, openai.Kind);
        Assert.Equal(8, (await app.Store.ListIncidentAlertsAsync(openai.Id, CancellationToken.None)).Count);
        Assert.Equal(["firing"], (await app.Store.GetOutboxForAlertAsync(openai.Id, CancellationToken.None)).Select(m => m.Event).ToArray());
    }

    [Fact]
    public async Task ARoutingAnomalyOnTheCanariesAndLatencyDriftInTelemetryOfOneModel_AreOneIncident()
    {
        await using var app = await AlertsApp.StartAsync(OpenAiProdIsOpenAi);
        await app.Sink.PublishAsync([QualityDrop(T0, Canary(model: "gpt-4o-mini"), kind: FindingKinds.RoutingAnomaly, unit: "seconds")], [], T0, CancellationToken.None);
        await app.Sink.PublishAsync([LatencyDrift(T0.AddMinutes(5), Telemetry())], [], T0.AddMinutes(5), CancellationToken.None);

        var incident = Assert.Single(await app.Store.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Equal(FindingKinds.RoutingAnomaly, incident.Kind);
        Assert.Equal(2, (await app.Store.ListIncidentAlertsAsync(incident.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ALatencyDriftOnAModelWhoseStickyRoutingIncidentIsOpen_JoinsIt_ButNotAnotherModelsDrift()
    {
        await using var app = await AlertsApp.StartAsync(OpenAiProdIsOpenAi);
        await app.Sink.PublishAsync([QualityDrop(T0, Canary(model: "gpt-4o-mini"), kind: FindingKinds.StickyRouting)], [], T0, CancellationToken.None);
        await app.Sink.PublishAsync([LatencyDrift(T0.AddHours(30), Canary(model: "gpt-4o-mini", suite: "long-context"))], [], T0.AddHours(30), CancellationToken.None);
        await app.Sink.PublishAsync([LatencyDrift(T0.AddHours(31), Canary(model: "gpt-4o"))], [], T0.AddHours(31), CancellationToken.None);

        var incidents = await app.Store.QueryIncidentsAsync(new IncidentQuery(Open: true), CancellationToken.None);
        Assert.Equal(2, incidents.Count);
        var routing = Assert.Single(incidents, i => i.Model == "gpt-4o-mini");
        Assert.Equal(FindingKinds.StickyRouting, routing.Kind);
        Assert.Equal([FindingKinds.LatencyDrift, FindingKinds.StickyRouting], (await app.Store.ListIncidentAlertsAsync(routing.Id, CancellationToken.None)).Select(a => a.Kind).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(FindingKinds.LatencyDrift, Assert.Single(incidents, i => i.Model == "gpt-4o").Kind);
    }

    [Fact]
    public async Task TheSameModelNameOnUnrelatedProviders_IsNotGrouped()
    {
        await using var app = await AlertsApp.StartAsync(OpenAiProdIsOpenAi);
        await app.Sink.PublishAsync([LatencyDrift(T0, Telemetry("openai")), LatencyDrift(T0, Telemetry("azure.ai.openai"))], [], T0, CancellationToken.None);

        Assert.Equal(2, (await app.Store.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task AnIncident_ResolvesWhenItsLastMemberRecovers_AndNotifiesOncePerStateChange()
    {
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>(OpenAiProdIsOpenAi) { ["Alerts:AutoResolveAfter"] = "00:10:00" });
        var arithmetic = Canary(model: "gpt-4o-mini", suite: "arithmetic");
        var code = Canary(model: "gpt-4o-mini", suite: "code");
        await app.Sink.PublishAsync([LatencyDrift(T0, arithmetic), LatencyDrift(T0, code)], [], T0, CancellationToken.None);
        var incidentId = Assert.Single(await app.Store.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None)).Id;

        await app.Sink.PublishAsync([], [arithmetic], T0.AddMinutes(10), CancellationToken.None);
        await app.Sink.PublishAsync([], [arithmetic], T0.AddMinutes(20), CancellationToken.None);
        var halfway = await app.Store.GetIncidentAsync(incidentId, CancellationToken.None);
        await app.Sink.PublishAsync([], [code], T0.AddMinutes(30), CancellationToken.None);
        await app.Sink.PublishAsync([], [code], T0.AddMinutes(40), CancellationToken.None);
        var end = await app.Store.GetIncidentAsync(incidentId, CancellationToken.None);

        Assert.Equal(AlertState.Firing, halfway!.State);
        Assert.Equal(AlertState.Resolved, end!.State);
        Assert.Equal(T0.AddMinutes(40), end.ResolvedAt);
        Assert.Equal(["firing", "resolved"], (await app.Store.GetOutboxForAlertAsync(incidentId, CancellationToken.None)).Select(m => m.Event).ToArray());
    }

    [Fact]
    public async Task AnIncidentKeepsTheKindAndModelItOpenedWith_WhileMembersFirstSeenTogetherResolveInAnyOrder()
    {
        // Alertmanager identifies an alert by its labels: if the incident's kind (its alertname) changed between the
        // firing and the resolving post, the firing alert would stay active there until its resolve_timeout.
        await using var app = await AlertsApp.StartAsync(OpenAiProdIsOpenAi);
        var all = Canary(model: "gpt-4o-mini", suite: "all");
        var arithmetic = Canary(model: "gpt-4o-mini", suite: "arithmetic");
        await app.Sink.PublishAsync(
            [QualityDrop(T0, arithmetic), QualityDrop(T0, all, kind: FindingKinds.SamplingDivergence)], [], T0, CancellationToken.None);
        var opened = Assert.Single(await app.Store.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None));

        for (var minute = 10; minute <= 40; minute += 10)
        {
            await app.Sink.PublishAsync([], minute <= 20 ? [all] : [all, arithmetic], T0.AddMinutes(minute), CancellationToken.None);
            var now = await app.Store.GetIncidentAsync(opened.Id, CancellationToken.None);
            Assert.Equal((opened.Kind, opened.Model), (now!.Kind, now.Model));
        }

        var posts = (await app.Store.GetOutboxForAlertAsync(opened.Id, CancellationToken.None)).Where(m => m.Receiver.StartsWith("alertmanager", StringComparison.Ordinal)).ToList();
        Assert.Equal(["firing", "resolved"], posts.Select(m => m.Event).ToArray());
        Assert.Equal(new[] { opened.Kind, opened.Kind }, posts.Select(m => System.Text.Json.JsonDocument.Parse(m.Body).RootElement[0].GetProperty("labels").GetProperty("kind").GetString()!).ToArray());
    }

    [Fact]
    public async Task AcknowledgingAnIncident_TakesEveryOpenMemberAndANewSuiteJoiningDoesNotPageAgain()
    {
        await using var app = await AlertsApp.StartAsync(OpenAiProdIsOpenAi);
        await app.Sink.PublishAsync([LatencyDrift(T0, Canary(model: "gpt-4o-mini", suite: "arithmetic"))], [], T0, CancellationToken.None);
        var incidentId = Assert.Single(await app.Store.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None)).Id;

        await app.Transitions.AcknowledgeIncidentAsync(incidentId, "maria", "failing over to the EU pool", CancellationToken.None);
        await app.Sink.PublishAsync([LatencyDrift(T0.AddMinutes(5), Canary(model: "gpt-4o-mini", suite: "code"))], [], T0.AddMinutes(5), CancellationToken.None);

        var incident = await app.Store.GetIncidentAsync(incidentId, CancellationToken.None);
        Assert.Equal(AlertState.Acknowledged, incident!.State);
        Assert.Equal(["firing", "acknowledged"], (await app.Store.GetOutboxForAlertAsync(incidentId, CancellationToken.None)).Select(m => m.Event).ToArray());
        var members = await app.Store.ListIncidentAlertsAsync(incidentId, CancellationToken.None);
        Assert.Equal("maria", members[0].AcknowledgedBy);
        Assert.Contains(await app.Store.GetHistoryAsync(members[0].Id, CancellationToken.None), h => h.Note == "acknowledged: failing over to the EU pool");
    }
}
