using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using QualityWatch.Alerts;
using QualityWatch.Alerts.Apis;
using QualityWatch.Alerts.Pages;
using QualityWatch.Cli.Telemetry;
using QualityWatch.Collector;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// The one composition of a QualityWatch server, used by <c>serve</c> and by the demo: storage (one database, migrated
/// at start), the collector, alerts with their API and review page, detection and — when providers are configured — the
/// scheduled canaries. Hosts differ only in what they add with <c>configureBuilder</c> (logging; the demo's simulator
/// names, clock and latency scale) and in who runs the detection passes and canary rounds.
/// </summary>
internal static class ServeComposition
{
    public static WebApplication Build(IConfiguration configuration, ServeSchedule schedule, Action<WebApplicationBuilder>? configureBuilder = null, Action<WebApplication>? configureApp = null) =>
        CollectorApplication.Build(
            configuration,
            builder =>
            {
                // Alerts define their store; Storage implements it (and reads stored outputs for the incident pages).
                builder.Services.AddQualityWatchAlertStore().AddQualityWatchCallOutputs();
                builder.AddQualityWatchAlerts();
                builder.AddQualityWatchDetection(schedule);
                builder.AddQualityWatchCanaries(schedule);
                // Its own requests, outgoing calls, runtime and canary spans, when OTEL_* names an endpoint.
                builder.AddQualityWatchSelfTelemetry();
                configureBuilder?.Invoke(builder);
            },
            app =>
            {
                app.MapAlertsApi();
                app.MapIncidentsApi();
                app.MapReviewPages();
                configureApp?.Invoke(app);
            });
}
