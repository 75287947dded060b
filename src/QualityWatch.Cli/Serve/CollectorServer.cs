using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Collector;

namespace QualityWatch.Cli.Serve;

/// <summary>Hosts <see cref="ServeComposition"/> until Ctrl+C / SIGTERM, then drains requests and flushes storage before exiting.</summary>
internal static class CollectorServer
{
    public static async Task RunAsync(IConfiguration configuration, CliConsole console, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = ServeComposition.Build(
                configuration,
                ServeSchedule.Timers,
                builder =>
                {
                    // Structured logs: one JSON object per line, ready for a log pipeline.
                    builder.Logging.ClearProviders();
                    builder.Logging.AddJsonConsole(options => options.IncludeScopes = true);
                    builder.AddQualityWatchRequestLogging();
                },
                web => web.UseQualityWatchRequestLogging());
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot start the collector: {exception.Message}");
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (StartFailure(exception) is { } failure)
        {
            await app.DisposeAsync();
            throw failure;
        }

        var endpoints = app.Services.GetRequiredService<CollectorEndpoints>();
        await console.Error.WriteLineAsync($"qualitywatch collector listening: OTLP/HTTP :{endpoints.HttpPort}, OTLP/gRPC :{endpoints.GrpcPort}");
        await app.WaitForShutdownAsync(cancellationToken);
        await app.DisposeAsync();
    }

    /// <summary>Options are validated, the database migrated and the suites loaded while the host starts: each failure
    /// becomes one line and the exit code of its kind.</summary>
    private static CliException? StartFailure(Exception exception) => exception switch
    {
        OptionsValidationException invalid => CliException.Usage($"cannot start the collector: {string.Join("; ", invalid.Failures)}"),
        DbException db => CliException.Unavailable($"cannot open storage: {db.Message}"),
        IOException io when io.InnerException is SocketException || io.Message.Contains("address", StringComparison.OrdinalIgnoreCase) => CliException.Unavailable($"cannot listen: {io.Message}"),
        InvalidOperationException or FormatException or ArgumentException or IOException or UnauthorizedAccessException => CliException.Usage($"cannot start the collector: {exception.Message}"),
        _ => null,
    };
}
