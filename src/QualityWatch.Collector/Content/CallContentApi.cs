using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using QualityWatch.Collector.Security;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Content;

/// <summary>
/// <c>/api/calls</c>: the stored prompt and completion of a call (<c>GET /api/calls/{traceId}/{spanId}/content</c>)
/// and the stored calls of a series in a time window (<c>GET /api/calls?series=…&amp;from=…&amp;to=…</c>), so an ML
/// engineer can go from an alert's series and window to the calls behind it. Admin key only; problem details for
/// every error (401/403 key, 400 bad ids, 404 not stored or content storage off).
/// </summary>
internal static class CallContentApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapCallContentApi(this IEndpointRouteBuilder app)
    {
        var calls = app.MapGroup("/api/calls").AddEndpointFilter(RequireAdminKey);
        calls.MapGet("/{traceId}/{spanId}/content", GetContentAsync);
        calls.MapGet("/", ListAsync);
        return app;
    }

    internal static async Task<Results<Ok<CallContent>, ProblemHttpResult>> GetContentAsync(
        string traceId, string spanId, CallContentStore store, CollectorOptions options, CancellationToken cancellationToken)
    {
        if (!options.Content.Store)
        {
            return Disabled();
        }

        if (!IsHex(traceId, 32) || !IsHex(spanId, 16))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid call id", detail: "traceId must be 32 and spanId 16 hexadecimal digits");
        }

        var content = await store.FindAsync(traceId.ToLowerInvariant(), spanId.ToLowerInvariant(), cancellationToken);
        return content is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "no content stored for this call", detail: "the call is unknown, had no prompt or completion, or its content is past retention")
            : TypedResults.Ok(content);
    }

    internal static async Task<Results<Ok<IReadOnlyList<CallContentSummaryResource>>, ProblemHttpResult>> ListAsync(
        string? series, string? from, string? to, int? limit, CallContentStore store, CollectorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!options.Content.Store)
        {
            return Disabled();
        }

        if (string.IsNullOrWhiteSpace(series))
        {
            return BadRequest("series is required: the canonical series key, for example openai/gpt-4o/chat");
        }

        var now = time.GetUtcNow();
        if (!TryParseTime(from, now.AddHours(-1), out var start) || !TryParseTime(to, now.AddMinutes(1), out var end))
        {
            return BadRequest("from and to must be ISO 8601 times, for example 2026-11-21T08:00:00Z");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return BadRequest($"limit must be between 1 and {MaxLimit}");
        }

        var found = await store.ListAsync(series, start, end, limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CallContentSummaryResource>>(found.Select(CallContentSummaryResource.From).ToList());
    }

    private static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var keys = (CollectorKeys)context.HttpContext.RequestServices.GetService(typeof(CollectorKeys))!;
        if (keys.Admin.IsEmpty)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "no admin keys are configured (security.admin_keys, admin_keys_env or admin_keys_file); call content is not served");
        }

        if (!keys.IsAdmin(context.HttpContext.Request))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "an admin key is required: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
        }

        return await next(context);
    }

    private static ProblemHttpResult Disabled() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "call content is not stored", detail: "content storage is off (collector.content.store: false); only derived features and hashes are kept");

    private static ProblemHttpResult BadRequest(string title) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title);

    private static bool TryParseTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            time = fallback;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static bool IsHex(string text, int length) => text.Length == length && text.All(char.IsAsciiHexDigit);
}
