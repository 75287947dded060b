using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using QualityWatch.Cli.Bench;
using QualityWatch.Collector;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Fast;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Benchmarks.Collector;

/// <summary>
/// CPU cost per 500-span request of the aggregating hot path, on the request `qualitywatch bench ingest` sends:
/// validation alone, validation + aggregation into series-minute figures and a metric tally, the ingest-log payload
/// of the aggregate, and applying the tally to the metric families.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class AggregatingIngestBenchmarks
{
    private byte[] _request = [];
    private GenAiSpanMapper _mapper = null!;
    private EncodedSpanAggregator _aggregator = null!;
    private CollectorMetrics _metrics = null!;
    private CallBatch _batch = null!;
    private RequestMetrics _tally = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = IngestBenchmark.BuildRequest(500, 1).ToByteArray();
        _mapper = new GenAiSpanMapper(new CollectorOptions(), TimeProvider.System, new SeriesCardinalityGuard(1000));
        _aggregator = _mapper.NewAggregator();
        _metrics = new CollectorMetrics(new CollectorOptions(), TimeProvider.System, ExportedMeters.Create());
        Aggregate500Spans();
        _tally = _aggregator.Complete();
        _batch = _aggregator.Batch;
        if (_aggregator.Bailed || _aggregator.Accepted != 500)
        {
            throw new InvalidOperationException("the benchmark request did not take the aggregating path");
        }
    }

    [Benchmark]
    public bool Validate500Spans() => OtlpProtobufReader.IsWellFormed(_request);

    [Benchmark]
    public int Aggregate500Spans()
    {
        _aggregator.Begin();
        new OtlpProtobufReader(_mapper, _aggregator).TryAggregate(_request);
        return _aggregator.Complete().Series.Count;
    }

    [Benchmark]
    public int EncodeAggregatePayload() => TelemetryCodec.EncodeParts(_batch.Parts).Length;

    [Benchmark]
    public void RecordTally() => _metrics.Record(_tally);
}
