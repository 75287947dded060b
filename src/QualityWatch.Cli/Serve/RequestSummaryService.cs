using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace QualityWatch.Cli.Serve;

/// <summary>Logs the <see cref="RequestSummary"/> once a minute at Information (nothing in a minute without
/// requests), and what is left at shutdown.</summary>
internal sealed partial class RequestSummaryService(RequestSummary summary, TimeProvider time, ILogger<RequestSummaryService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Flush();
        }
    }

    internal void Flush()
    {
        var counts = summary.TakeAndReset();
        if (counts.Count > 0)
        {
            LogSummary(RequestSummary.Describe(counts));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Requests in the last minute: {Summary}")]
    private partial void LogSummary(string summary);
}
