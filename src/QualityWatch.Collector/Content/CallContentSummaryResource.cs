using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Content;

/// <summary>One entry of <c>GET /api/calls</c>: a stored call and where to read its content.</summary>
internal sealed record CallContentSummaryResource(string TraceId, string SpanId, string Series, DateTimeOffset StartTime, string ContentHash, string ContentUrl)
{
    public static CallContentSummaryResource From(CallContentSummary summary) =>
        new(summary.TraceId, summary.SpanId, summary.Series, summary.StartTime, summary.ContentHash, $"/api/calls/{summary.TraceId}/{summary.SpanId}/content");
}
