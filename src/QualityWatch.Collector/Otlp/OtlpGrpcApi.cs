using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Reflection;
using Grpc.Reflection.V1Alpha;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QualityWatch.Collector.Health;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Grpc;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Security;
using HealthService = Grpc.Health.V1.Health;

namespace QualityWatch.Collector.Otlp;

/// <summary>
/// OTLP/gRPC on Grpc.AspNetCore: the three Export calls (<see cref="OtlpExportService"/>, bound with a raw marshaller
/// so the trace bytes reach the fast reader undecoded), <c>grpc.health.v1.Health</c> (readiness, see
/// <see cref="IngestReadinessHealthCheck"/>) and server reflection. Unknown services and methods get UNIMPLEMENTED;
/// messages are limited to <c>collector.limits.max_body_bytes</c> as sent and <c>max_decompressed_bytes</c> inflated
/// (RESOURCE_EXHAUSTED); gzip is read and advertised; <c>grpc-timeout</c> deadlines are honoured.
/// </summary>
internal static class OtlpGrpcApi
{
    public static IServiceCollection AddOtlpGrpc(this IServiceCollection services)
    {
        services.AddGrpc()
            .AddServiceOptions<OtlpExportService>(options => options.Interceptors.Add<IngestKeyInterceptor>());
        // Endpoints are mapped, and these options read, while the app is built, before options are validated at
        // start: the limits are read without validation (as for Kestrel), so a bad value fails the start with the
        // validator's message, and the metrics are resolved on first use.
        services.AddOptions<GrpcServiceOptions>().Configure<IConfiguration, IServiceProvider>((grpc, configuration, provider) =>
        {
            var limits = (configuration.GetSection(CollectorOptions.SectionName).Get<CollectorOptions>() ?? new CollectorOptions()).Limits;
            grpc.IgnoreUnknownServices = false;
            grpc.MaxReceiveMessageSize = limits.MaxBodyBytes;
            grpc.CompressionProviders.Clear();
            grpc.CompressionProviders.Add(new BoundedGzipCompressionProvider(limits.MaxDecompressedBytes, new Lazy<CollectorMetrics>(provider.GetRequiredService<CollectorMetrics>)));
            grpc.Interceptors.Add<AcceptEncodingInterceptor>();
        });
        services.TryAddSingleton<AcceptEncodingInterceptor>();
        services.TryAddSingleton<IngestKeyInterceptor>();
        services.TryAddSingleton<OtlpExportService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<OtlpExportService>, OtlpExportMethodProvider>());

        // Reflection finds descriptors through generated service base classes, which the raw-marshalled service has
        // none of: it is given them (registered before AddGrpcReflection, whose own registration is a TryAdd).
        services.TryAddSingleton(new ReflectionServiceImpl(
            TraceServiceReflection.Descriptor.Services[0],
            MetricsServiceReflection.Descriptor.Services[0],
            LogsServiceReflection.Descriptor.Services[0],
            HealthService.Descriptor,
            ServerReflection.Descriptor));
        services.AddGrpcReflection();

        // Readiness for the whole server ("") and for each OTLP service, checked on every call (no cache).
        services.AddGrpcHealthChecks(options =>
            {
                options.Services.Clear();
                foreach (var service in (IEnumerable<string>)["", .. OtlpExportMethods.ServiceNames])
                {
                    options.Services.Map(service, check => check.Name == IngestReadinessHealthCheck.Name);
                }
            })
            .AddCheck<IngestReadinessHealthCheck>(IngestReadinessHealthCheck.Name);
        return services;
    }

    public static IEndpointRouteBuilder MapOtlpGrpcApi(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<OtlpExportService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
