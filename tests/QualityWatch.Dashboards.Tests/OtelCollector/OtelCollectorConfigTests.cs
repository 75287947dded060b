using System.Text.RegularExpressions;
using QualityWatch.Collector;
using QualityWatch.Dashboards.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace QualityWatch.Dashboards.Tests.OtelCollector;

public sealed partial class OtelCollectorConfigTests
{
    // QualityWatch's collector defaults, which are also the OTLP standard ports.
    private static readonly int QualityWatchHttpPort = new CollectorOptions().HttpPort;
    private static readonly int QualityWatchGrpcPort = new CollectorOptions().GrpcPort;
    private const string IngestKeyHeader = "Bearer ${env:QUALITYWATCH_INGEST_KEY}";

    private static readonly string FileText = File.ReadAllText(RepositoryFiles.OtelCollectorConfig);
    private static readonly OtelCollectorConfig Config = OtelCollectorConfig.Parse(FileText);

    [Fact]
    public void EveryComponentAPipelineUses_IsDefined()
    {
        AssertPipelinesResolve(Config, Config);
    }

    [Fact]
    public void TracesPipeline_ProtectsItselfAndForwardsToQualityWatch()
    {
        var traces = Config.Pipelines["traces"];

        Assert.Equal(["otlp"], traces["receivers"]);
        Assert.Equal("memory_limiter", traces["processors"][0]);  // refuse data before memory runs out
        Assert.Equal("batch", traces["processors"][^1]);          // batch what survived the filter
        Assert.Contains("filter/llm-spans", traces["processors"]);
        Assert.Equal(["otlphttp/qualitywatch"], traces["exporters"]);
    }

    [Fact]
    public void OtlpReceiver_ListensOnTheStandardGrpcAndHttpPorts()
    {
        Assert.Equal((4318, 4317), (QualityWatchHttpPort, QualityWatchGrpcPort));
        var otlp = Config.Component("receivers", "otlp");

        Assert.EndsWith($":{QualityWatchGrpcPort}", OtelCollectorConfig.Scalar(otlp, "protocols", "grpc", "endpoint"), StringComparison.Ordinal);
        Assert.EndsWith($":{QualityWatchHttpPort}", OtelCollectorConfig.Scalar(otlp, "protocols", "http", "endpoint"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\$\{env:QUALITYWATCH_ENDPOINT:-http://(?<host>[a-z0-9.-]+):(?<port>\d+)\}$")]
    private static partial Regex EndpointPattern();

    [Fact]
    public void Exporter_TargetsQualityWatchOtlpHttpPortWithTheIngestKeyFromTheEnvironment()
    {
        var exporter = Config.Component("exporters", "otlphttp/qualitywatch");

        var endpoint = EndpointPattern().Match(OtelCollectorConfig.Scalar(exporter, "endpoint"));
        Assert.True(endpoint.Success, "endpoint should default to http://<host>:<port> and be overridable by QUALITYWATCH_ENDPOINT");
        Assert.Equal(QualityWatchHttpPort, int.Parse(endpoint.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual("localhost", endpoint.Groups["host"].Value);  // same host would collide with this collector's own 4318
        Assert.Equal(IngestKeyHeader, OtelCollectorConfig.Scalar(exporter, "headers", "Authorization"));
    }

    [GeneratedRegex(@"(?i)(Bearer|x-api-key:?)\s+(?!\$\{env:)\S+")]
    private static partial Regex LiteralCredential();

    [Fact]
    public void File_HasNoLiteralKey()
    {
        Assert.DoesNotMatch(LiteralCredential(), FileText);
        Assert.Equal(2, Regex.Matches(FileText, Regex.Escape(IngestKeyHeader)).Count);  // main exporter and the variant
    }

    [Fact]
    public void MemoryLimiterAndBatch_AreConfigured()
    {
        var limiter = Config.Component("processors", "memory_limiter");
        Assert.Equal("80", OtelCollectorConfig.Scalar(limiter, "limit_percentage"));
        Assert.Equal("25", OtelCollectorConfig.Scalar(limiter, "spike_limit_percentage"));

        var batch = Config.Component("processors", "batch");
        Assert.True(int.Parse(OtelCollectorConfig.Scalar(batch, "send_batch_size"), System.Globalization.CultureInfo.InvariantCulture)
            <= int.Parse(OtelCollectorConfig.Scalar(batch, "send_batch_max_size"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("""IsMatch\(ToKeyValueString\(attributes, "=", " "\), "(?<regex>(?:[^"\\]|\\.)*)"\)""")]
    private static partial Regex FilterCondition();

    [Theory]
    [InlineData("gen_ai.provider.name=openai gen_ai.request.model=gpt-4o", true)]
    [InlineData("http.method=POST gen_ai.operation.name=chat", true)]
    [InlineData("gen_ai.system=anthropic", true)]
    [InlineData("llm.model_name=gpt-4o llm.provider=openai", true)]
    [InlineData("qualitywatch.canary.suite=arithmetic qualitywatch.canary.case=add-1", true)]
    [InlineData("http.method=GET http.route=/health", false)]
    [InlineData("db.system=postgresql db.statement=select", false)]
    [InlineData("message=mentions gen_ai inside a value", false)]
    [InlineData("qualitywatch.other=1", false)]
    public void FilterProcessor_KeepsOnlyLlmAndCanarySpans(string keyValueAttributes, bool kept)
    {
        // The filter processor drops spans matching `not IsMatch(<attributes as k=v pairs>, <regex>)`.
        var condition = Assert.Single(((YamlSequenceNode)((YamlMappingNode)Config.Component("processors", "filter/llm-spans")["traces"])["span"]).Children);
        var text = ((YamlScalarNode)condition).Value!;
        Assert.StartsWith("not IsMatch(", text, StringComparison.Ordinal);
        var match = FilterCondition().Match(text);
        Assert.True(match.Success, text);
        // OTTL string literals escape a backslash as \\.
        var regex = match.Groups["regex"].Value.Replace(@"\\", @"\", StringComparison.Ordinal);

        Assert.Equal(kept, Regex.IsMatch(keyValueAttributes, regex));
    }

    [Fact]
    public void LoadBalancingVariant_ParsesWhenUncommentedAndRoutesByTraceIdOverGrpc()
    {
        var variant = OtelCollectorConfig.Parse(OtelCollectorConfig.UncommentVariant(FileText));

        // It replaces exporters and service; receivers, processors and extensions stay those of the main file.
        AssertPipelinesResolve(Config, variant);
        var exporter = variant.Component("exporters", "loadbalancing/qualitywatch");
        Assert.Equal("traceID", OtelCollectorConfig.Scalar(exporter, "routing_key"));
        Assert.Equal(IngestKeyHeader, OtelCollectorConfig.Scalar(exporter, "protocol", "otlp", "headers", "Authorization"));
        Assert.Equal(QualityWatchGrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), OtelCollectorConfig.Scalar(exporter, "resolver", "dns", "port"));
        Assert.Equal(["loadbalancing/qualitywatch"], variant.Pipelines["traces"]["exporters"]);
        Assert.Equal(Config.Pipelines["traces"]["processors"], variant.Pipelines["traces"]["processors"]);
    }

    [Fact]
    public void LoadBalancingVariant_StaticResolverAlternativeParsesWhenUncommented()
    {
        // The static resolver is commented once more inside the variant; enabling it is one more "# " removal.
        var yaml = OtelCollectorConfig.UncommentVariant(FileText);
        var lines = yaml.Split('\n').ToList();
        var dns = lines.FindIndex(l => l.Trim() == "dns:");
        var staticStart = lines.FindIndex(l => l.Trim() == "# static:");
        Assert.True(dns > 0 && staticStart > dns);
        var indent = lines[dns].Length - lines[dns].TrimStart().Length;
        var withStatic = lines.Take(dns)
            .Concat(lines.Skip(staticStart).TakeWhile(l => l.TrimStart().StartsWith('#')).Select(l => l.Remove(indent, 2)))
            .Concat(lines.Skip(staticStart).SkipWhile(l => l.TrimStart().StartsWith('#')));

        var variant = OtelCollectorConfig.Parse(string.Join('\n', withStatic));

        var hostnames = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)variant.Component("exporters", "loadbalancing/qualitywatch")["resolver"])["static"])["hostnames"];
        Assert.All(hostnames.Children, h => Assert.EndsWith($":{QualityWatchGrpcPort}", ((YamlScalarNode)h).Value, StringComparison.Ordinal));
    }

    private static void AssertPipelinesResolve(OtelCollectorConfig components, OtelCollectorConfig service)
    {
        var pipelines = service.Pipelines;
        Assert.NotEmpty(pipelines);
        foreach (var (pipeline, kinds) in pipelines)
        {
            Assert.True(kinds.ContainsKey("receivers") && kinds.ContainsKey("exporters"), $"pipeline {pipeline} lacks receivers or exporters");
            foreach (var (kind, names) in kinds)
            {
                var defined = service.ComponentNames(kind).Concat(components.ComponentNames(kind)).ToHashSet(StringComparer.Ordinal);
                Assert.All(names, name => Assert.True(defined.Contains(name), $"pipeline {pipeline} uses undefined {kind} '{name}'"));
            }
        }

        var extensions = service.ComponentNames("extensions").Concat(components.ComponentNames("extensions")).ToHashSet(StringComparer.Ordinal);
        Assert.All(service.ServiceExtensions, e => Assert.Contains(e, extensions));
    }
}
