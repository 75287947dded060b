using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace QualityWatch.Collector.Security;

/// <summary>Warns once at start when no ingest key is configured: anyone who can reach the port may send telemetry.</summary>
internal sealed partial class OpenIngestWarning(CollectorKeys keys, ILoggerFactory loggers) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (keys.Ingest.IsEmpty)
        {
            LogOpenIngest(loggers.CreateLogger("QualityWatch.Collector"));
        }

        next(app);
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "No ingest keys are configured (security.ingest_keys, ingest_keys_env, ingest_keys_file): OTLP ingestion is open to anyone who can reach it")]
    private static partial void LogOpenIngest(ILogger logger);
}
