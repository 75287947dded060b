using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QualityWatch.Collector;

namespace QualityWatch.Cli.Serve;

/// <summary>Hosts the collector until Ctrl+C / SIGTERM, then drains requests and flushes storage before exiting.</summary>
internal static class CollectorServer
{
    public static async Task RunAsync(IConfiguration configuration, CliConsole console, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = CollectorApplication.Build(configuration, builder =>
            {
                // Structured logs: one JSON object per line, ready for a log pipeline.
                builder.Logging.ClearProviders();
                builder.Logging.AddJsonConsole(options => options.IncludeScopes = true);
                builder.AddQualityWatchRequestLogging();
                builder.AddCanariesDetectionAndAlerts();
            },
            web =>
            {
                web.UseQualityWatchRequestLogging();
                web.MapAlertsAndReviewPages();
            });
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot start the collector: {exception.Message}");
        }
        catch (System.Data.Common.DbException exception)
        {
            throw CliException.Unavailable($"cannot open storage: {exception.Message}");
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException exception) when (exception.InnerException is SocketException || exception.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync();
            throw CliException.Unavailable($"cannot listen: {exception.Message}");
        }

        var endpoints = app.Services.GetService(typeof(CollectorEndpoints)) as CollectorEndpoints;
        await console.Error.WriteLineAsync($"qualitywatch collector listening: OTLP/HTTP :{endpoints?.HttpPort}, OTLP/gRPC :{endpoints?.GrpcPort}");
        await app.WaitForShutdownAsync(cancellationToken);
        await app.DisposeAsync();
    }
}
