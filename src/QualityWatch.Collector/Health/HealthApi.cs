using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using QualityWatch.Collector.Ingest;

namespace QualityWatch.Collector.Health;

/// <summary>Liveness (the process answers) and readiness (storage is open and ingestion is not backed up).</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Text("live"));
        app.MapGet("/health/ready", (IngestPipeline pipeline, TelemetryStoreLifetime lifetime) =>
            lifetime.Stopping || pipeline.IsOverloaded
                ? Results.Text("not ready", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("ready"));
        return app;
    }
}
