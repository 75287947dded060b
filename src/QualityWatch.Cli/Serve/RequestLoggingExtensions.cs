using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// Request logging for `serve`: each request at Debug (method, path, status, milliseconds), a summary line a minute at
/// Information (<see cref="RequestSummaryService"/>), and ASP.NET Core's own per-request Information lines turned off.
/// </summary>
internal static partial class RequestLoggingExtensions
{
    public static WebApplicationBuilder AddQualityWatchRequestLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing.EndpointMiddleware", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);
        builder.Services.AddSingleton<RequestSummary>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<RequestSummaryService>();
        return builder;
    }

    public static WebApplication UseQualityWatchRequestLogging(this WebApplication app)
    {
        var summary = app.Services.GetRequiredService<RequestSummary>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("QualityWatch.Requests");
        app.Use(async (context, next) =>
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                int status = context.Response.StatusCode;
                summary.Record(context.Request.Path.Value ?? "/", status);
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    LogRequest(logger, context.Request.Method, context.Request.Path.Value ?? "/", status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} {Status} in {ElapsedMs:F1} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs);
}
