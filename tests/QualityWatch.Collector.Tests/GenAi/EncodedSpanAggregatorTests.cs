using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Fast;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Trace;
using QualityWatch.Collector.Tests.Otlp.Fast;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Tests.GenAi;

/// <summary>
/// The aggregating hot path gives exactly what mapping span by span, aggregating the calls and tallying their metrics
/// gives — buckets, metric tallies, span counts and overflow — or steps aside for the mapping.
/// </summary>
public sealed class EncodedSpanAggregatorTests
{
    private static CollectorOptions Options() => new()
    {
        ExtraLabels = { ["region"] = RandomOtlpRequests.RegionAttribute },
        Limits = new CollectorLimits { MaxAttributesPerSpan = 10, MaxAttributeValueLength = 70 },
    };

    [Fact]
    public void Aggregate_GeneratedRequests_AgreesWithMappingEverySpanOrStepsAside()
    {
        int aggregated = 0, bailed = 0, withRejections = 0, withOverflow = 0;
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var bytes = RandomOtlpRequests.Build(seed, common: seed % 5 > 0).ToByteArray();
            var limit = seed % 3 == 0 ? 2 : 100_000;
            var (expected, expectedOverflow) = ViaMapping(bytes, limit);
            var (actual, actualOverflow) = ViaAggregator(bytes, limit);
            if (actual is null)
            {
                bailed++;
                return;
            }

            aggregated++;
            withRejections += expected.Contains("rejected=0", StringComparison.Ordinal) ? 0 : 1;
            withOverflow += expectedOverflow > 0 ? 1 : 0;
            Assert.Equal(expected, actual);
            Assert.Equal(expectedOverflow, actualOverflow);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(600), property);

        // Both outcomes happen, and the aggregator never takes a request with a rejected span.
        Assert.True(aggregated > 100, $"aggregated {aggregated}, bailed {bailed}");
        Assert.True(bailed > 50, $"aggregated {aggregated}, bailed {bailed}");
        Assert.Equal(0, withRejections);
        Assert.True(withOverflow > 10, $"overflow in {withOverflow} aggregated requests");
    }

    [Fact]
    public void Aggregate_OneAggregatorAcrossManyRequests_AgreesWithMappingEachRequest()
    {
        // As in the pipeline: one pooled aggregator whose caches outlive requests, one guard on each side.
        var referenceGuard = new SeriesCardinalityGuard(40);
        var reference = new GenAiSpanMapper(Options(), TimeProvider.System, referenceGuard);
        var guard = new SeriesCardinalityGuard(40);
        var mapper = new GenAiSpanMapper(Options(), TimeProvider.System, guard);
        var aggregator = mapper.NewAggregator();
        int aggregated = 0, withOutputs = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var bytes = RandomOtlpRequests.Build(seed, common: true).ToByteArray();
            var expected = Describe(reference, bytes);
            aggregator.Begin();
            Assert.True(new OtlpProtobufReader(mapper, aggregator).TryAggregate(bytes));
            var actual = aggregator.Bailed ? Describe(mapper, bytes) : Describe(aggregator.Accepted, 0, aggregator.Ignored, aggregator.Tools, aggregator.Batch, aggregator.Complete());
            aggregated += aggregator.Bailed ? 0 : 1;
            withOutputs += !aggregator.Bailed && aggregator.Batch.Buckets().Any(b => b.OutputsAnalysed > 0) ? 1 : 0;
            Assert.Equal(expected, actual);
            Assert.Equal(referenceGuard.Overflowed, guard.Overflowed);
        }

        Assert.True(aggregated > 100, $"aggregated {aggregated} of 300");
        Assert.True(guard.Overflowed > 0);
        Assert.True(withOutputs > 50, $"{withOutputs} aggregated requests analysed output text");
    }

    [Fact]
    public void Aggregate_RequestLikeTheBenchmarks_IsTakenWithoutTheMapping()
    {
        var spans = Enumerable.Range(0, 50).Select(i => Spans.Llm(
            provider: i % 2 == 0 ? "openai" : "anthropic",
            model: "m-" + (i % 4),
            start: DateTimeOffset.UtcNow.AddSeconds(-i * 7),
            seconds: 0.1 + i,
            Spans.Attr("gen_ai.response.model", "m-2025"),
            i % 9 == 0 ? Spans.Attr("error.type", "timeout") : Spans.Attr("http.route", "/v1/chat"),
            Spans.Attr("server.address", "api.example.com"))).Append(Spans.Plain()).ToArray();
        var bytes = Spans.Request(spans).ToByteArray();

        var (expected, _) = ViaMapping(bytes, 100);
        var (actual, _) = ViaAggregator(bytes, 100);

        Assert.NotNull(actual);
        Assert.Equal(expected, actual);
        Assert.Contains("accepted=50 rejected=0 ignored=1", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_ResourceWithALabel_CountsItsSpansInTheLabelledSeries()
    {
        var resource = new QualityWatch.Collector.Otlp.Proto.Resource.Resource { Attributes = { Spans.Attr(RandomOtlpRequests.RegionAttribute, "eu-west-1") } };
        var bytes = new QualityWatch.Collector.Otlp.Proto.Collector.ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                Spans.RequestWithResource(resource, Spans.Llm(), Spans.Llm()).ResourceSpans[0],
                Spans.Request(Spans.Llm()).ResourceSpans[0],
            },
        }.ToByteArray();

        var (expected, _) = ViaMapping(bytes, 100);
        var (actual, _) = ViaAggregator(bytes, 100);

        Assert.Equal(expected, actual);
        Assert.Contains("openai/gpt-4o/chat{region=eu-west-1}|", actual, StringComparison.Ordinal);
        Assert.Contains("openai/gpt-4o/chat|", actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RandomOtlpRequests.RegionAttribute)]
    [InlineData("llm.response.finish_reason")]
    [InlineData("qualitywatch.canary.suite")]
    [InlineData("llm.model_name")]
    [InlineData("openai.response.system_fingerprint")]
    [InlineData("gen_ai.usage.cache_read_input_tokens")]
    [InlineData("llm.token_count.completion_details.reasoning")]
    public void Aggregate_SpanWithAnAttributeOnlyTheMappingReads_StepsAside(string key)
    {
        var bytes = Spans.Request(Spans.Llm(), Spans.Llm(extra: Spans.Attr(key, "x"))).ToByteArray();

        Assert.Null(ViaAggregator(bytes, 100).Description);
    }

    [Theory]
    [InlineData("gen_ai.response.finish_reasons", "[\"length\"]")]
    [InlineData("gen_ai.response.finish_reason", "[\"Stop\"]")]
    [InlineData("gen_ai.response.finish_reason", "[\"N/A\"]")]
    [InlineData("gen_ai.response.finish_reasons", "CONTENT_FILTER")]
    public void Aggregate_FinishReasonInADotNetDialect_IsTakenAndNormalisedAsTheMappingDoes(string key, string value)
    {
        var span = Spans.Llm();
        span.Attributes.RemoveAt(span.Attributes.Count - 1);
        span.Attributes.Add(Spans.Attr(key, value));
        var bytes = Spans.Request(Spans.Llm(), span).ToByteArray();

        var (actual, _) = ViaAggregator(bytes, 100);
        Assert.NotNull(actual);
        Assert.Equal(ViaMapping(bytes, 100).Description, actual);
    }

    [Fact]
    public void Aggregate_CacheReadAndReasoningTokens_AreTalliedAsTheMappingTalliesThem()
    {
        var span = Spans.Llm(extra: [Spans.Attr("gen_ai.usage.cache_read.input_tokens", 16), Spans.Attr("gen_ai.usage.reasoning.output_tokens", 24)]);
        var negative = Spans.Llm(extra: [Spans.Attr("gen_ai.usage.cache_read.input_tokens", -1)]);
        var bytes = Spans.Request(span, negative, Spans.Llm()).ToByteArray();

        var (actual, _) = ViaAggregator(bytes, 100);
        Assert.NotNull(actual);
        Assert.Contains("|16|24", actual, StringComparison.Ordinal);
        Assert.Equal(ViaMapping(bytes, 100).Description, actual);
    }

    [Fact]
    public void Aggregate_ToolExecutionSpans_AreCountedAsToolsNotCalls()
    {
        var tool = Spans.Plain("execute_tool now");
        tool.Attributes.Add(Spans.Attr("gen_ai.operation.name", "execute_tool"));
        tool.Attributes.Add(Spans.Attr("gen_ai.tool.name", "now"));
        var bytes = Spans.Request(Spans.Llm(), tool).ToByteArray();

        var (actual, _) = ViaAggregator(bytes, 100);
        Assert.NotNull(actual);
        Assert.StartsWith("accepted=1 rejected=0 ignored=0 tools=1\n", actual, StringComparison.Ordinal);
        Assert.Equal(ViaMapping(bytes, 100).Description, actual);
    }

    [Fact]
    public void Aggregate_SemanticKernelSpansWithOutputEvents_AreTakenWithTheEventsTextAndFinishReason()
    {
        var span = Spans.Llm();
        span.Attributes.RemoveAt(span.Attributes.Count - 1);
        span.Events.Add(new Span.Types.Event { Name = "gen_ai.choice", Attributes = { Spans.Attr("gen_ai.event.content", "{\"message\":{\"content\":\"Hi คำ\"},\"finish_reason\":\"Length\"}") } });
        var completion = Spans.Llm(extra: Spans.Attr("gen_ai.response.finish_reason", "[\"N/A\"]"));
        completion.Events.Add(new Span.Types.Event { Name = "gen_ai.content.completion", Attributes = { Spans.Attr("gen_ai.completion", "Plain") } });
        var bytes = Spans.Request(Spans.Llm(), span, completion).ToByteArray();

        var (actual, _) = ViaAggregator(bytes, 100);
        Assert.NotNull(actual);
        Assert.Contains("|length=1,stop=2|", actual, StringComparison.Ordinal);
        Assert.Contains("|2|1|", actual, StringComparison.Ordinal);
        Assert.Equal(ViaMapping(bytes, 100).Description, actual);
    }

    [Fact]
    public void Aggregate_ExceptionNameAsErrorType_StepsAsideForTheMappingWhichReadsTheStatus()
    {
        var span = Spans.Llm(extra: Spans.Attr("error.type", "System.ClientModel.ClientResultException"));
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "HTTP 429 (Too Many Requests)" };
        var bytes = Spans.Request(span).ToByteArray();

        Assert.Null(ViaAggregator(bytes, 100).Description);
        Assert.Contains("|429=1|", ViaMapping(bytes, 100).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_SpanEndingBeforeItStarts_StepsAsideSoTheMappingRejectsIt()
    {
        var span = Spans.Llm();
        span.EndTimeUnixNano = span.StartTimeUnixNano - 1;
        var bytes = Spans.Request(Spans.Llm(), span).ToByteArray();

        Assert.Null(ViaAggregator(bytes, 100).Description);
        Assert.Contains("rejected=1", ViaMapping(bytes, 100).Description, StringComparison.Ordinal);
    }

    private static (string Description, long Overflow) ViaMapping(byte[] bytes, int limit)
    {
        var guard = new SeriesCardinalityGuard(limit);
        return (Describe(new GenAiSpanMapper(Options(), TimeProvider.System, guard), bytes), guard.Overflowed);
    }

    private static string Describe(GenAiSpanMapper mapper, byte[] bytes)
    {
        var mappings = new List<SpanMapping>();
        new OtlpProtobufReader(mapper).Map(bytes, mappings);
        var accepted = mappings.FindAll(m => m.Verdict == SpanVerdict.Accepted);
        var rejected = mappings.Count(m => m.Verdict == SpanVerdict.Rejected);
        var ignored = mappings.Count(m => m.Verdict == SpanVerdict.Ignored);
        var tools = mappings.Count(m => m.Verdict == SpanVerdict.ToolExecution);
        var batch = CallBatch.Of(accepted.Select(m => m.Event!));
        return Describe(accepted.Count, rejected, ignored, tools, batch, CollectorMetrics.Tally(accepted));
    }

    private static (string? Description, long Overflow) ViaAggregator(byte[] bytes, int limit)
    {
        var guard = new SeriesCardinalityGuard(limit);
        var mapper = new GenAiSpanMapper(Options(), TimeProvider.System, guard);
        var aggregator = mapper.NewAggregator();
        aggregator.Begin();
        Assert.True(new OtlpProtobufReader(mapper, aggregator).TryAggregate(bytes));
        if (aggregator.Bailed)
        {
            return (null, guard.Overflowed);
        }

        var tally = aggregator.Complete();
        Assert.Equal(aggregator.Accepted, aggregator.Batch.Calls);
        return (Describe(aggregator.Accepted, 0, aggregator.Ignored, aggregator.Tools, aggregator.Batch, tally), guard.Overflowed);
    }

    private static string Describe(int accepted, int rejected, int ignored, int tools, CallBatch batch, RequestMetrics tally)
    {
        static string Counts(IEnumerable<KeyValuePair<string, long>> counts) =>
            string.Join(',', counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

        static string Histogram(HistogramTally? histogram) =>
            histogram is null ? "-" : $"{string.Join(',', histogram.Observations.Select(o => o.Value.ToString("R", CultureInfo.InvariantCulture) + "x" + o.Count))};{histogram.Count};{histogram.Sum.ToString("R", CultureInfo.InvariantCulture)}";

        static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "-";

        var lines = new List<string> { $"accepted={accepted} rejected={rejected} ignored={ignored} tools={tools}" };
        lines.AddRange(batch.Buckets().Select(b => string.Join('|', b.Key.Canonical, b.Start.ToUnixTimeSeconds(), b.Count, b.Errors, Counts(b.ErrorsByType),
            Number(b.LatencyP50Seconds), Number(b.LatencyP95Seconds), Number(b.TimeToFirstTokenP50Seconds), b.InputTokens, b.OutputTokens, b.Cost,
            Counts(b.FinishReasons), Counts(b.ScriptCharacters), b.OutputsAnalysed, b.OutputsWithUnexpectedScript, Number(b.MeanOutputLength), b.QualityPassed, b.QualityTotal)));
        lines.AddRange(tally.Series.OrderBy(s => s.Key.Canonical, StringComparer.Ordinal).ThenBy(s => s.Key.Provider, StringComparer.Ordinal).Select(s => string.Join('|',
            s.Key.Provider, s.Key.Model, s.Key.Operation,
            string.Join(';', s.Value.DurationByErrorType.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + ":" + Histogram(d.Value))),
            Histogram(s.Value.TimeToFirstChunk), Histogram(s.Value.InputTokens), Histogram(s.Value.OutputTokens),
            s.Value.HasCost, s.Value.Cost.ToString("R", CultureInfo.InvariantCulture), Counts(s.Value.FinishReasons), s.Value.OutputsAnalysed, s.Value.OutputsWithUnexpectedScript, s.Value.CacheReadInputTokens, s.Value.ReasoningOutputTokens)));
        lines.Add("fingerprints-and-canaries=" + tally.CanariesAndFingerprints.Count);
        return string.Join('\n', lines);
    }
}
