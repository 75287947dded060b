using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Apis;

/// <summary>
/// <c>/api/silences</c>: list active silences (open), create a label silence (provider, model, kind, until) and expire
/// one early (admin key). Errors are problem details: 400 no matcher, unknown kind or bad until; 401/403 key; 404 unknown silence.
/// </summary>
public static class SilencesApi
{
    /// <summary>Maps the silence API.</summary>
    public static IEndpointRouteBuilder MapSilencesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var silences = app.MapGroup("/api/silences").WithTags("Silences");
        silences.MapGet("/", ListAsync);
        var changes = silences.MapGroup(string.Empty).AddEndpointFilter(AlertsApi.RequireAdminKeyAsync);
        changes.MapPost("/", CreateAsync);
        changes.MapDelete("/{id}", ExpireAsync);
        return app;
    }

    internal static async Task<Ok<IReadOnlyList<SilenceResource>>> ListAsync(bool? all, IAlertStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = await store.ListSilencesAsync(all == true ? null : now, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SilenceResource>>(found.Select(s => SilenceResource.From(s, now)).ToList());
    }

    internal static async Task<Results<Created<SilenceResource>, ProblemHttpResult>> CreateAsync(
        string? provider, string? model, string? kind, string? until, string? by, string? note, AlertTransitions transitions, TimeProvider time, CancellationToken cancellationToken)
    {
        provider = Clean(provider);
        model = Clean(model);
        kind = Clean(kind);
        if (provider is null && model is null && kind is null)
        {
            return AlertsApi.BadRequest("a silence needs at least one matcher: provider, model or kind");
        }

        if ((provider?.Length ?? 0) > 200 || (model?.Length ?? 0) > 200)
        {
            return AlertsApi.BadRequest("provider and model must be at most 200 characters");
        }

        if (kind is not null && !IncidentFilter.KnownKinds.Contains(kind))
        {
            return AlertsApi.BadRequest($"kind must be one of {string.Join(", ", IncidentFilter.KnownKinds)}");
        }

        var now = time.GetUtcNow();
        if (!TimeFilter.TryParse(until, now, future: true, out var untilTime) || untilTime <= now)
        {
            return AlertsApi.BadRequest("until is required: an ISO-8601 time in the future or a duration such as 30m, 4h, 1d");
        }

        var silence = await transitions.CreateSilenceAsync(provider, model, kind, untilTime, AlertsApi.Actor(by), note, cancellationToken);
        return TypedResults.Created($"/api/silences/{Uri.EscapeDataString(silence.Id)}", SilenceResource.From(silence, now));
    }

    internal static async Task<Results<Ok<SilenceResource>, ProblemHttpResult>> ExpireAsync(string id, string? by, AlertTransitions transitions, TimeProvider time, CancellationToken cancellationToken)
    {
        var expired = await transitions.ExpireSilenceAsync(id, AlertsApi.Actor(by), cancellationToken);
        return expired is null
            ? TypedResults.Problem($"silence '{id}' does not exist", statusCode: StatusCodes.Status404NotFound, title: "Silence not found")
            : TypedResults.Ok(SilenceResource.From(expired, time.GetUtcNow()));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
