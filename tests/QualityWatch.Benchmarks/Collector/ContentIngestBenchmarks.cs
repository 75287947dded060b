using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using QualityWatch.Cli.Bench;
using QualityWatch.Collector;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Benchmarks.Collector;

/// <summary>
/// CPU cost per 500-span request of the content-storage path (`collector.content.store`), on the request
/// `qualitywatch bench ingest --store-content` sends (a prompt and a completion per span): decode and map each span
/// with its content read, and encode the content rows as the content store inserts them.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ContentIngestBenchmarks
{
    private byte[] _request = [];
    private GenAiSpanMapper _mapper = null!;
    private List<CallContent> _contents = [];

    [GlobalSetup]
    public void Setup()
    {
        _request = IngestBenchmark.BuildRequest(500, 1, content: true).ToByteArray();
        var options = new CollectorOptions();
        options.Content.Store = true;
        _mapper = new GenAiSpanMapper(options, TimeProvider.System, new SeriesCardinalityGuard(1000));
        _contents = Map().ConvertAll(m => m.Content!);
        if (_contents.Count != 500 || _contents.Exists(c => c is null))
        {
            throw new InvalidOperationException("the benchmark request did not carry content on every span");
        }
    }

    [Benchmark]
    public int DecodeAndMapWithContent500Spans() => Map().Count;

    [Benchmark]
    public int EncodeContentRows500Spans()
    {
        var length = 0;
        foreach (var content in _contents)
        {
            length += CallContentStore.EncodeMessages(content.Input).Length + CallContentStore.EncodeMessages(content.Output).Length;
        }

        return length;
    }

    private List<SpanMapping> Map()
    {
        var mappings = new List<SpanMapping>(500);
        foreach (var span in ExportTraceServiceRequest.Parser.ParseFrom(_request).ResourceSpans[0].ScopeSpans[0].Spans)
        {
            mappings.Add(_mapper.Map(span, null));
        }

        return mappings;
    }
}
