using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Apis;

/// <summary>
/// <c>/api/incidents</c>: list and read incidents with their member alerts and timeline; acknowledge a whole incident
/// (admin key), resolve it, or silence it with a label silence. Errors are problem details: 400 bad filter or until, 401/403 key,
/// 404 unknown incident, 409 not allowed in its current state.
/// </summary>
public static class IncidentsApi
{
    /// <summary>Maps the incident API and, with it, <see cref="SilencesApi"/>.</summary>
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var incidents = app.MapGroup("/api/incidents").WithTags("Incidents");
        incidents.MapGet("/", ListAsync);
        incidents.MapGet("/{id}", GetAsync);
        var changes = incidents.MapGroup("/{id}").AddEndpointFilter(AlertsApi.RequireAdminKeyAsync);
        changes.MapPost("/ack", AcknowledgeAsync);
        changes.MapPost("/resolve", ResolveAsync);
        changes.MapPost("/silence", SilenceAsync);
        app.MapSilencesApi();
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<IncidentResource>>, ProblemHttpResult>> ListAsync(
        string[]? state, string[]? kind, string[]? provider, string[]? model, int? limit, IAlertStore store, PhysicalTargets targets, EvidenceLinks links, CancellationToken cancellationToken)
    {
        if (!IncidentFilter.TryParse(state, kind, provider, model, targets, out var filter, out var error))
        {
            return AlertsApi.BadRequest(error);
        }

        if (limit is < 1 or > 10_000)
        {
            return AlertsApi.BadRequest("limit must be in [1, 10000]");
        }

        var found = await QueryAsync(store, filter, limit ?? 500, cancellationToken);
        var resources = new List<IncidentResource>(found.Count);
        foreach (var incident in found)
        {
            resources.Add(await ResourceAsync(incident, store, links, cancellationToken));
        }

        return TypedResults.Ok<IReadOnlyList<IncidentResource>>(resources);
    }

    /// <summary>Incidents matching <paramref name="filter"/>, most recently updated first.</summary>
    internal static async Task<IReadOnlyList<Incident>> QueryAsync(IAlertStore store, IncidentFilter filter, int limit, CancellationToken cancellationToken)
    {
        var query = filter.IsOpenOnly ? new IncidentQuery(Open: true, Limit: 10_000) : new IncidentQuery(Limit: 10_000);
        return (await store.QueryIncidentsAsync(query, cancellationToken)).Where(filter.Matches).Take(limit).ToList();
    }

    internal static async Task<Results<Ok<IncidentResource>, ProblemHttpResult>> GetAsync(string id, IAlertStore store, EvidenceLinks links, CancellationToken cancellationToken)
    {
        var incident = await store.GetIncidentAsync(id, cancellationToken);
        return incident is null ? NotFound(id) : TypedResults.Ok(await ResourceAsync(incident, store, links, cancellationToken));
    }

    internal static async Task<Results<Ok<IncidentResource>, ProblemHttpResult>> AcknowledgeAsync(
        string id, string? by, string? note, AlertTransitions transitions, IAlertStore store, EvidenceLinks links, CancellationToken cancellationToken) =>
        await ToResultAsync(id, await transitions.AcknowledgeIncidentAsync(id, AlertsApi.Actor(by), note, cancellationToken), store, links, cancellationToken);

    internal static async Task<Results<Ok<IncidentResource>, ProblemHttpResult>> ResolveAsync(
        string id, string? by, string? note, AlertTransitions transitions, IAlertStore store, EvidenceLinks links, CancellationToken cancellationToken) =>
        await ToResultAsync(id, await transitions.ResolveIncidentAsync(id, AlertsApi.Actor(by), note, cancellationToken), store, links, cancellationToken);

    internal static async Task<Results<Ok<IncidentResource>, ProblemHttpResult>> SilenceAsync(
        string id, string? until, string? by, string? note, AlertTransitions transitions, IAlertStore store, EvidenceLinks links, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TimeFilter.TryParse(until, time.GetUtcNow(), future: true, out var untilTime) || untilTime <= time.GetUtcNow())
        {
            return AlertsApi.BadRequest("until is required: an ISO-8601 time in the future or a duration such as 30m, 4h, 1d");
        }

        return await ToResultAsync(id, await transitions.SilenceIncidentAsync(id, untilTime, AlertsApi.Actor(by), note, cancellationToken), store, links, cancellationToken);
    }

    private static async Task<Results<Ok<IncidentResource>, ProblemHttpResult>> ToResultAsync(
        string id, IncidentTransitionResult result, IAlertStore store, EvidenceLinks links, CancellationToken cancellationToken)
    {
        return result.Outcome switch
        {
            TransitionOutcome.Applied => TypedResults.Ok(await ResourceAsync(result.Incident!, store, links, cancellationToken)),
            TransitionOutcome.NotFound => NotFound(id),
            _ => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "Transition not allowed"),
        };
    }

    private static async Task<IncidentResource> ResourceAsync(Incident incident, IAlertStore store, EvidenceLinks links, CancellationToken cancellationToken)
    {
        var members = await store.ListIncidentAlertsAsync(incident.Id, cancellationToken);
        var timeline = await IncidentTimeline.ReadAsync(store, members, cancellationToken);
        return IncidentResource.From(incident, links.ForIncident(incident.Id), links.Runbook(incident.Kind), members.Select(a => AlertResource.From(a, links.For(a.Id))).ToList(), timeline);
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"incident '{id}' does not exist", statusCode: StatusCodes.Status404NotFound, title: "Incident not found");
}
