using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace QualityWatch.Simulator.Apis;

/// <summary><c>GET /sim/state</c> (the ground truth), <c>GET /sim/scenarios</c>, and the provider-style 404 for
/// every other path.</summary>
internal static class SimulationApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapSimulationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sim/state", (SimulatorRuntime runtime) => Results.Json(runtime.State(), Json));
        app.MapGet("/sim/scenarios", () => Results.Json(ScenarioCatalog.All, Json));
        app.MapFallback(NotFoundAsync);
        return app;
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/v1beta", StringComparison.OrdinalIgnoreCase))
        {
            return GeminiApi.WriteErrorAsync(context, 404, "NOT_FOUND", $"Requested entity was not found: {context.Request.Method} {path}");
        }

        if (context.Request.Headers.ContainsKey("anthropic-version") || context.Request.Headers.ContainsKey("x-api-key"))
        {
            return AnthropicApi.WriteErrorAsync(context, 404, "not_found_error", "Not Found");
        }

        return OpenAiApi.WriteErrorAsync(context, 404, $"Invalid URL ({context.Request.Method} {path})", "invalid_request_error", null);
    }
}
