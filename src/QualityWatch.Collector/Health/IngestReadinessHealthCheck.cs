using Microsoft.Extensions.Diagnostics.HealthChecks;
using QualityWatch.Collector.Ingest;

namespace QualityWatch.Collector.Health;

/// <summary>
/// Readiness as an ASP.NET Core health check, the same rule as <c>/health/ready</c> (see <see cref="HealthApi"/>):
/// storage is open and ingestion is not backed up. <c>grpc.health.v1</c> serves it (SERVING / NOT_SERVING).
/// </summary>
internal sealed class IngestReadinessHealthCheck(IngestPipeline pipeline, TelemetryStoreLifetime lifetime) : IHealthCheck
{
    public const string Name = "ingest";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            lifetime.Stopping ? HealthCheckResult.Unhealthy("the collector is stopping")
            : pipeline.IsOverloaded ? HealthCheckResult.Unhealthy("ingestion is backed up (collector.limits.max_queued_spans)")
            : HealthCheckResult.Healthy("ready"));
}
