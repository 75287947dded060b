using System.Runtime.CompilerServices;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Storage.Alerts;

/// <summary>
/// <see cref="ICallOutputSource"/> over the collector's <see cref="CallContentStore"/>: lists a series' stored calls,
/// then reads each one's completion only as the incident page asks for the next.
/// </summary>
public sealed class StoredCallOutputs(CallContentStore contents) : ICallOutputSource
{
    /// <inheritdoc />
    public async IAsyncEnumerable<CallOutput> ReadOutputsAsync(string series, DateTimeOffset from, DateTimeOffset to, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var call in await contents.ListAsync(series, from, to, limit, cancellationToken))
        {
            var content = await contents.FindAsync(call.TraceId, call.SpanId, cancellationToken);
            var text = content is null ? string.Empty : string.Join("\n", content.Output.Select(m => m.Text));
            yield return new CallOutput(call.TraceId, call.SpanId, call.StartTime, text);
        }
    }
}
