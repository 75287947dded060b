using Grpc.AspNetCore.Server.Model;

namespace QualityWatch.Collector.Otlp.Grpc;

/// <summary>
/// Binds <see cref="OtlpExportService"/> to the three Export calls of <see cref="OtlpExportMethods"/>: no generated
/// service base class, whose marshaller would decode every request fully before the fast reader could see it.
/// </summary>
internal sealed class OtlpExportMethodProvider : IServiceMethodProvider<OtlpExportService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpExportService> context)
    {
        context.AddUnaryMethod(OtlpExportMethods.Traces, [], static (service, payload, call) => service.ExportTracesAsync(payload, call));
        context.AddUnaryMethod(OtlpExportMethods.Metrics, [], static (service, payload, call) => service.ExportMetricsAsync(payload, call));
        context.AddUnaryMethod(OtlpExportMethods.Logs, [], static (service, payload, call) => service.ExportLogsAsync(payload, call));
    }
}
