using QualityWatch.Core.Telemetry;

namespace QualityWatch.Alerts.Tests.Infrastructure;

/// <summary>Stored buckets as the collector would serve them, held in memory for page tests.</summary>
internal sealed class InMemoryBucketSource : ISeriesBucketSource
{
    public List<SeriesBucket> Buckets { get; } = [];

    public Task<IReadOnlyList<SeriesBucket>> QueryBucketsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SeriesBucket>>(Buckets.Where(b => b.Start >= from && b.Start < to).OrderBy(b => b.Key.Canonical, StringComparer.Ordinal).ThenBy(b => b.Start).ToList());

    /// <summary>One bucket per minute in [from, to) with the pass rate, error count and median latency (p95 twice it) a function of time gives.</summary>
    public void AddMinutes(SeriesKey key, DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, double> passRate, long callsPerMinute = 20, Func<DateTimeOffset, long>? errors = null, double latency = 0.8, Func<DateTimeOffset, double>? latencyAt = null)
    {
        for (var start = Minute(from); start < to; start = start.AddMinutes(1))
        {
            var passed = (long)Math.Round(passRate(start) * callsPerMinute);
            var median = latencyAt?.Invoke(start) ?? latency;
            // Each minute's slowest call: three times the median plus up to 60 ms, with ids derived from the minute.
            var minute = (ulong)start.ToUnixTimeSeconds() / 60;
            var slowest = new SlowestCall((median * 3) + ((minute % 7) * 0.01), new CallReference(new UInt128(0xabc, minute), minute));
            Buckets.Add(new SeriesBucket(key, start, callsPerMinute, errors?.Invoke(start) ?? 0, new Dictionary<string, long>(), median, median * 2, null,
                callsPerMinute * 100, callsPerMinute * 50, 0.01m, new Dictionary<string, long> { ["stop"] = callsPerMinute }, new Dictionary<string, long>(),
                0, callsPerMinute, 200, passed, callsPerMinute, slowest));
        }
    }

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
}
