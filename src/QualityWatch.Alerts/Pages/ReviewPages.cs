using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QualityWatch.Alerts.Apis;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// The review pages, server-rendered (no external CDN): <c>/</c> alert list with filters, <c>/alerts/{id}</c> one alert
/// with chart, evidence, examples and buttons, <c>/providers</c> provider × model against the SLA.
/// </summary>
public static class ReviewPages
{
    private const string HtmlType = "text/html; charset=utf-8";

    /// <summary>Maps the review pages.</summary>
    public static IEndpointRouteBuilder MapReviewPages(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var pages = app.MapGroup(string.Empty).ExcludeFromDescription();
        // The default view is the open incidents; the alerts behind them are one click away.
        pages.MapGet("/", IncidentListAsync);
        pages.MapGet("/alerts", ListAsync);
        pages.MapGet("/alerts/{id}", DetailAsync);
        pages.MapGet("/incidents", IncidentListAsync);
        pages.MapGet("/incidents/{id}", IncidentAsync);
        pages.MapGet("/runbooks/{kind}", Runbook);
        pages.MapGet("/providers", ProvidersAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(string? state, string? provider, string? since, IAlertStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var all = await store.QueryAsync(new AlertQuery(Limit: 2000), cancellationToken);
        var providers = all.Select(a => a.Provider).Distinct(StringComparer.Ordinal).ToList();
        if (!AlertsApi.TryParseQuery(state, provider, since, null, time.GetUtcNow(), out var query, out var problem))
        {
            var detail = (problem.ProblemDetails.Detail ?? "bad filter");
            return Results.Content(AlertListPage.Render([], providers, state, provider, since, detail), HtmlType, statusCode: StatusCodes.Status400BadRequest);
        }

        var alerts = await store.QueryAsync(query, cancellationToken);
        return Results.Content(AlertListPage.Render(alerts, providers, state, provider, since, null), HtmlType);
    }

    private static async Task<IResult> DetailAsync(string id, IAlertStore store, IServiceProvider services, CancellationToken cancellationToken)
    {
        var alert = await store.GetAsync(id, cancellationToken);
        if (alert is null)
        {
            return Results.Content(Html.Layout("Not found", $"<h1>Alert not found</h1><p>No alert has the id {Html.E(id)}.</p>"), HtmlType, statusCode: StatusCodes.Status404NotFound);
        }

        var history = await store.GetHistoryAsync(id, cancellationToken);
        var notifications = await store.GetOutboxForAlertAsync(alert.IncidentId, cancellationToken);
        var chart = await services.GetRequiredService<SeriesHistoryReader>().ReadAsync(alert, cancellationToken);
        var stored = await services.GetRequiredService<StoredOutputReader>().ReadAsync(alert, cancellationToken);
        var actions = services.GetRequiredService<AdminKeyVerifier>().HasKeys;
        var runbook = services.GetRequiredService<IncidentLinks>().Runbook(alert.Kind);
        return Results.Content(AlertDetailPage.Render(alert, history, notifications, SeriesChart.Render(alert, chart), stored, actions, runbook, chart.SlowestCalls), HtmlType);
    }

    private static async Task<IResult> IncidentAsync(string id, IAlertStore store, IServiceProvider services, TimeProvider time, CancellationToken cancellationToken)
    {
        var incident = await store.GetIncidentAsync(id, cancellationToken);
        if (incident is null)
        {
            return Results.Content(Html.Layout("Not found", $"<h1>Incident not found</h1><p>No incident has the id {Html.E(id)}.</p>"), HtmlType, statusCode: StatusCodes.Status404NotFound);
        }

        var members = await store.ListIncidentAlertsAsync(id, cancellationToken);
        var timeline = await IncidentTimeline.ReadAsync(store, members, cancellationToken);
        var lead = members.Count == 0 ? null : IncidentLedger.Lead(members);
        var chart = lead is null ? null : await services.GetRequiredService<SeriesHistoryReader>().ReadAsync(lead, cancellationToken);
        var stored = lead is null ? [] : await services.GetRequiredService<StoredOutputReader>().ReadAsync(lead, cancellationToken);
        var links = services.GetRequiredService<IncidentLinks>();
        var view = new IncidentView(incident, members, timeline, lead, chart, stored, links.Runbook(incident.Kind),
            links.Dashboards(incident, lead?.Provider ?? incident.Provider), services.GetRequiredService<AdminKeyVerifier>().HasKeys, time.GetUtcNow());
        return Results.Content(IncidentPage.Render(view), HtmlType);
    }

    private static async Task<IResult> IncidentListAsync(string[]? state, string[]? kind, string[]? provider, string[]? model, IAlertStore store, IServiceProvider services, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var silences = (await store.ListSilencesAsync(now, cancellationToken)).Where(s => s.IsActive(now)).ToList();
        var actions = services.GetRequiredService<AdminKeyVerifier>().HasKeys;
        static List<string> Values(string[]? values) => (values ?? []).SelectMany(v => (v ?? string.Empty).Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        IncidentListView View(IReadOnlyList<Incident> incidents, IReadOnlyDictionary<string, int> counts, string? error) =>
            new(incidents, counts, silences, Values(state), Values(kind), Values(provider), Values(model), error, actions, now);
        if (!IncidentFilter.TryParse(state, kind, provider, model, services.GetRequiredService<PhysicalTargets>(), out var filter, out var error))
        {
            return Results.Content(IncidentListPage.Render(View([], new Dictionary<string, int>(), error)), HtmlType, statusCode: StatusCodes.Status400BadRequest);
        }

        var incidents = await IncidentsApi.QueryAsync(store, filter, 500, cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var incident in incidents)
        {
            counts[incident.Id] = (await store.ListIncidentAlertsAsync(incident.Id, cancellationToken)).Count;
        }

        return Results.Content(IncidentListPage.Render(View(incidents, counts, null)), HtmlType);
    }

    private static IResult Runbook(string kind)
    {
        if (RunbookLibrary.Find(kind) is not { } text)
        {
            return Results.Content(Html.Layout("Not found", $"<h1>No runbook</h1><p>There is no runbook for {Html.E(kind)}.</p>"), HtmlType, statusCode: StatusCodes.Status404NotFound);
        }

        return Results.Content(Html.Layout($"Runbook {kind}", $"<p><a href=\"/incidents\">Incidents</a></p><pre id=\"runbook\" class=\"output\">{Html.E(text)}</pre>"), HtmlType);
    }

    private static async Task<IResult> ProvidersAsync(IServiceProvider services, IOptions<AlertsOptions> options, CancellationToken cancellationToken)
    {
        var rows = await services.GetRequiredService<ProviderOverviewReader>().ReadAsync(cancellationToken);
        return Results.Content(ProvidersPage.Render(rows, options.Value.SloWindow), HtmlType);
    }
}
