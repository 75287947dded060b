using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace QualityWatch.Simulator.Apis;

/// <summary>Model listings: <c>GET /v1/models</c> (OpenAI shape, or Anthropic's when <c>anthropic-version</c> is
/// sent) and <c>GET /v1beta/models</c> (Gemini), so clients that probe for models find the simulated ones.</summary>
internal static class ModelListApi
{
    public static IEndpointRouteBuilder MapModelListApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", ListAsync);
        app.MapGet("/v1beta/models", GeminiListAsync);
        return app;
    }

    private static Task ListAsync(HttpContext context)
    {
        var runtime = context.RequestServices.GetRequiredService<SimulatorRuntime>();
        var created = runtime.Clock.StartTime.ToUnixTimeSeconds();
        if (context.Request.Headers.ContainsKey("anthropic-version"))
        {
            var data = new JsonArray([.. runtime.Engine.Models.Select(m => (JsonNode)new JsonObject
            {
                ["type"] = "model",
                ["id"] = m.Name,
                ["display_name"] = m.Name,
                ["created_at"] = runtime.Clock.StartTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            })]);
            var first = runtime.Engine.Models.First().Name;
            var last = runtime.Engine.Models.Last().Name;
            return WireSupport.WriteJsonAsync(context.Response, 200, new JsonObject { ["data"] = data, ["has_more"] = false, ["first_id"] = first, ["last_id"] = last }, context.RequestAborted);
        }

        var models = new JsonArray([.. runtime.Engine.Models.Select(m => (JsonNode)new JsonObject
        {
            ["id"] = m.Name, ["object"] = "model", ["created"] = created, ["owned_by"] = m.Provider,
        })]);
        return WireSupport.WriteJsonAsync(context.Response, 200, new JsonObject { ["object"] = "list", ["data"] = models }, context.RequestAborted);
    }

    private static Task GeminiListAsync(HttpContext context)
    {
        var runtime = context.RequestServices.GetRequiredService<SimulatorRuntime>();
        var models = new JsonArray([.. runtime.Engine.Models.Select(m => (JsonNode)new JsonObject
        {
            ["name"] = "models/" + m.Name,
            ["displayName"] = m.Name,
            ["supportedGenerationMethods"] = new JsonArray("generateContent", "streamGenerateContent"),
        })]);
        return WireSupport.WriteJsonAsync(context.Response, 200, new JsonObject { ["models"] = models }, context.RequestAborted);
    }
}
