using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Apis;

/// <summary>
/// <c>/api/incidents</c>: list and read incidents with their member alerts and timeline; acknowledge a whole incident
/// (admin key). Errors are problem details: 400 bad filter, 401/403 key, 404 unknown incident, 409 nothing to acknowledge.
/// </summary>
public static class IncidentsApi
{
    /// <summary>Maps the incident API.</summary>
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var incidents = app.MapGroup("/api/incidents").WithTags("Incidents");
        incidents.MapGet("/", ListAsync);
        incidents.MapGet("/{id}", GetAsync);
        incidents.MapGroup("/{id}").AddEndpointFilter(AlertsApi.RequireAdminKeyAsync).MapPost("/ack", AcknowledgeAsync);
        return app;
    }

    /// <summary>Parses <c>state=open|firing|acknowledged|silenced|resolved|all</c> (default open).</summary>
    internal static bool TryParseState(string? state, out IncidentQuery query)
    {
        query = new IncidentQuery(Open: true);
        var text = state?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text) || text == "open")
        {
            return true;
        }

        if (text == "all")
        {
            query = new IncidentQuery();
            return true;
        }

        if (AlertText.TryParseState(text, out var parsed))
        {
            query = new IncidentQuery(State: parsed);
            return true;
        }

        return false;
    }

    internal static async Task<Results<Ok<IReadOnlyList<IncidentResource>>, ProblemHttpResult>> ListAsync(
        string? state, int? limit, IAlertStore store, EvidenceLinks links, CancellationToken cancellationToken)
    {
        if (!TryParseState(state, out var query))
        {
            return AlertsApi.BadRequest("state must be one of open, firing, acknowledged, silenced, resolved, all");
        }

        if (limit is < 1 or > 10_000)
        {
            return AlertsApi.BadRequest("limit must be in [1, 10000]");
        }

        var found = await store.QueryIncidentsAsync(query with { Limit = limit ?? 500 }, cancellationToken);
        var resources = new List<IncidentResource>(found.Count);
        foreach (var incident in found)
        {
            resources.Add(await ResourceAsync(incident, store, links, cancellationToken));
        }

        return TypedResults.Ok<IReadOnlyList<IncidentResource>>(resources);
    }

    internal static async Task<Results<Ok<IncidentResource>, ProblemHttpResult>> GetAsync(string id, IAlertStore store, EvidenceLinks links, CancellationToken cancellationToken)
    {
        var incident = await store.GetIncidentAsync(id, cancellationToken);
        return incident is null ? NotFound(id) : TypedResults.Ok(await ResourceAsync(incident, store, links, cancellationToken));
    }

    internal static async Task<Results<Ok<IncidentResource>, ProblemHttpResult>> AcknowledgeAsync(
        string id, string? by, string? note, AlertTransitions transitions, IAlertStore store, EvidenceLinks links, CancellationToken cancellationToken)
    {
        var result = await transitions.AcknowledgeIncidentAsync(id, AlertsApi.Actor(by), note, cancellationToken);
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
        return IncidentResource.From(incident, links.ForIncident(incident.Id), members.Select(a => AlertResource.From(a, links.For(a.Id))).ToList(), timeline);
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"incident '{id}' does not exist", statusCode: StatusCodes.Status404NotFound, title: "Incident not found");
}
