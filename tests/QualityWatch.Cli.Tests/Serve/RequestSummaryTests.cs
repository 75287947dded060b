using Microsoft.Extensions.Logging;
using QualityWatch.Cli.Serve;

namespace QualityWatch.Cli.Tests.Serve;

public sealed class RequestSummaryTests
{
    [Theory]
    [InlineData("/v1/traces", "/v1/traces")]
    [InlineData("/api/alerts/42/acknowledge", "/api/alerts")]
    [InlineData("/alerts/42", "/alerts")]
    [InlineData("/opentelemetry.proto.collector.trace.v1.TraceService/Export", "/opentelemetry.proto.collector.trace.v1.TraceService")]
    [InlineData("/", "/")]
    public void RouteFamily_KeepsIdsOutOfTheKey(string path, string family)
    {
        Assert.Equal(family, RequestSummary.RouteFamily(path));
    }

    [Fact]
    public void Flush_AMinuteOfRequests_IsOneInformationLineWithTotalsByStatusAndRoute()
    {
        var summary = new RequestSummary();
        for (int i = 0; i < 5; i++)
        {
            summary.Record("/v1/traces", 200);
        }

        summary.Record("/v1/traces", 429);
        summary.Record("/alerts/7", 200);
        var logger = new ListLogger();
        var service = new RequestSummaryService(summary, TimeProvider.System, logger);

        service.Flush();
        service.Flush();

        var line = Assert.Single(logger.Lines);
        Assert.Equal((LogLevel.Information, "Requests in the last minute: 7 requests (2xx 6, 4xx 1): /v1/traces 6, /alerts 1"), line);
    }

    private sealed class ListLogger : ILogger<RequestSummaryService>
    {
        public List<(LogLevel, string)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
