using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Security;
using QualityWatch.Core.Metrics;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Metrics;

/// <summary><c>GET /metrics</c>: the Prometheus text exposition, optionally behind a key.</summary>
internal static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            var services = context.RequestServices;
            if (!services.GetRequiredService<CollectorKeys>().MayScrape(context.Request))
            {
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "a key is required to scrape /metrics").ExecuteAsync(context);
                return;
            }

            var text = services.GetRequiredService<CollectorMetrics>().Render(
                services.GetServices<IMetricsContributor>(),
                services.GetRequiredService<TelemetryStore>().QueuedSpans,
                services.GetRequiredService<SeriesCardinalityGuard>().Overflowed);
            context.Response.ContentType = PrometheusText.ContentType;
            await context.Response.WriteAsync(text);
        });
        return app;
    }
}
