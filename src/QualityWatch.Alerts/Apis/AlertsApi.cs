using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Apis;

/// <summary>
/// <c>/api/alerts</c>: list and read alerts (open), acknowledge, resolve and silence them (admin key). Errors are
/// problem details: 400 bad filters, 401/403 key, 404 unknown alert, 409 transition not allowed from the current state.
/// </summary>
public static class AlertsApi
{
    /// <summary>Maps the alert API.</summary>
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts");
        alerts.MapGet("/", ListAsync);
        alerts.MapGet("/{id}", GetAsync);
        var changes = alerts.MapGroup("/{id}").AddEndpointFilter(RequireAdminKeyAsync);
        changes.MapPost("/ack", AcknowledgeAsync);
        changes.MapPost("/resolve", ResolveAsync);
        changes.MapPost("/silence", SilenceAsync);
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<AlertResource>>, ProblemHttpResult>> ListAsync(
        string? state, string? provider, string? since, int? limit, IAlertStore store, EvidenceLinks links, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryParseQuery(state, provider, since, limit, time.GetUtcNow(), out var query, out var problem))
        {
            return problem;
        }

        var found = await store.QueryAsync(query, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AlertResource>>(found.Select(a => AlertResource.From(a, links.For(a.Id))).ToList());
    }

    internal static bool TryParseQuery(string? state, string? provider, string? since, int? limit, DateTimeOffset now, out AlertQuery query, out ProblemHttpResult problem)
    {
        query = new AlertQuery();
        problem = null!;
        AlertState? stateFilter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!AlertText.TryParseState(state, out var parsed))
            {
                problem = BadRequest("state must be one of firing, acknowledged, silenced, resolved");
                return false;
            }

            stateFilter = parsed;
        }

        DateTimeOffset? sinceFilter = null;
        if (!string.IsNullOrWhiteSpace(since))
        {
            if (!TimeFilter.TryParse(since, now, future: false, out var parsed))
            {
                problem = BadRequest("since must be an ISO-8601 time (2026-11-21T10:00:00Z) or a duration such as 30m, 24h, 7d");
                return false;
            }

            sinceFilter = parsed;
        }

        if (provider is { Length: > 200 })
        {
            problem = BadRequest("provider is too long");
            return false;
        }

        if (limit is < 1 or > 10_000)
        {
            problem = BadRequest("limit must be in [1, 10000]");
            return false;
        }

        query = new AlertQuery(stateFilter, string.IsNullOrWhiteSpace(provider) ? null : provider.Trim(), sinceFilter, limit ?? 500);
        return true;
    }

    internal static async Task<Results<Ok<AlertResource>, ProblemHttpResult>> GetAsync(string id, IAlertStore store, EvidenceLinks links, CancellationToken cancellationToken)
    {
        var alert = await store.GetAsync(id, cancellationToken);
        if (alert is null)
        {
            return NotFound(id);
        }

        var history = await store.GetHistoryAsync(id, cancellationToken);
        return TypedResults.Ok(AlertResource.From(alert, links.For(id), history));
    }

    internal static async Task<Results<Ok<AlertResource>, ProblemHttpResult>> AcknowledgeAsync(
        string id, string? by, string? note, AlertTransitions transitions, EvidenceLinks links, CancellationToken cancellationToken) =>
        ToResult(await transitions.AcknowledgeAsync(id, Actor(by), note, cancellationToken), links);

    internal static async Task<Results<Ok<AlertResource>, ProblemHttpResult>> ResolveAsync(
        string id, string? by, AlertTransitions transitions, EvidenceLinks links, CancellationToken cancellationToken) =>
        ToResult(await transitions.ResolveAsync(id, Actor(by), cancellationToken), links);

    internal static async Task<Results<Ok<AlertResource>, ProblemHttpResult>> SilenceAsync(
        string id, string? until, string? by, AlertTransitions transitions, EvidenceLinks links, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TimeFilter.TryParse(until, time.GetUtcNow(), future: true, out var untilTime))
        {
            return BadRequest("until is required: an ISO-8601 time in the future or a duration such as 30m, 4h, 1d");
        }

        return ToResult(await transitions.SilenceAsync(id, untilTime, Actor(by), cancellationToken), links);
    }

    internal static async ValueTask<object?> RequireAdminKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var verifier = context.HttpContext.RequestServices.GetService(typeof(AdminKeyVerifier)) as AdminKeyVerifier
            ?? throw new InvalidOperationException("AddQualityWatchAlerts was not called");
        if (verifier.Check(context.HttpContext) is { } refusal)
        {
            return TypedResults.Problem(refusal.Detail, statusCode: refusal.Status, title: refusal.Status == 401 ? "Unauthorized" : "Forbidden");
        }

        return await next(context);
    }

    private static Results<Ok<AlertResource>, ProblemHttpResult> ToResult(TransitionResult result, EvidenceLinks links) => result.Outcome switch
    {
        TransitionOutcome.Applied => TypedResults.Ok(AlertResource.From(result.Alert!, links.For(result.Alert!.Id))),
        TransitionOutcome.NotFound => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status404NotFound, title: "Alert not found"),
        TransitionOutcome.Conflict => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "Transition not allowed"),
        _ => BadRequest(result.Message),
    };

    // "by" is a free-text name for the history; never the key.
    internal static string Actor(string? by) => string.IsNullOrWhiteSpace(by) ? "api" : by.Trim()[..Math.Min(by.Trim().Length, 100)];

    internal static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"alert '{id}' does not exist", statusCode: StatusCodes.Status404NotFound, title: "Alert not found");
}
