using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Collector.Security;

namespace QualityWatch.Collector.Metrics;

/// <summary><c>GET /metrics</c>: the OpenTelemetry Prometheus exporter's exposition, optionally behind a key.</summary>
internal static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            if (!context.RequestServices.GetRequiredService<CollectorKeys>().MayScrape(context.Request))
            {
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "a key is required to scrape /metrics").ExecuteAsync(context);
                return;
            }

            await next(context);
        }), optionsName: null);
        return app;
    }
}
