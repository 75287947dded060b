using Google.Protobuf;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Resource;
using QualityWatch.Collector.Otlp.Proto.Trace;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Otlp.Fast;

/// <summary>
/// Random but realistic OTLP requests from a seed: every GenAI, OpenLLMetry and OpenInference attribute the mapper
/// reads, mixed with unknown ones, every AnyValue case, evaluation and output events (Semantic Kernel's gen_ai.choice,
/// gen_ai.content.completion), the .NET producers' dialects (JSON-string finish reasons, exception names as error
/// types with an HTTP status message, execute_tool spans, URL server addresses), links, statuses, labels on the resource,
/// and the bad cases (no start, negative duration, year 2100, U+FFFD, too many attributes, too-long strings).
/// </summary>
internal static class RandomOtlpRequests
{
    public const string RegionAttribute = "cloud.region";
    public const string ServerAddressAttribute = "server.address";

    private static readonly string[] KnownKeys =
    [
        "gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system", "gen_ai.operation.name", "llm.request.type",
        "openinference.span.kind", "gen_ai.request.model", "llm.request.model", "llm.model_name", "gen_ai.response.model",
        "llm.response.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.prompt_tokens",
        "gen_ai.usage.completion_tokens", "llm.usage.prompt_tokens", "llm.usage.completion_tokens", "llm.token_count.prompt",
        "llm.token_count.completion", "gen_ai.response.finish_reasons", "llm.response.finish_reason", "error.type",
        "gen_ai.response.time_to_first_chunk", "gen_ai.server.time_to_first_token", "gen_ai.usage.cost", "qualitywatch.cost_usd",
        "llm.usage.cost", "gen_ai.output.messages", "gen_ai.completion", "gen_ai.completion.0.content",
        "llm.output_messages.0.message.content", "output.value", "gen_ai.output.type", "openai.response.system_fingerprint",
        "gen_ai.openai.response.system_fingerprint", "qualitywatch.canary.suite", "qualitywatch.canary.case_id",
        "qualitywatch.canary.category", "qualitywatch.canary.outcome", RegionAttribute, "gen_ai.response.finish_reason",
        "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens", "llm.token_count.prompt_details.cache_read",
        "gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens", "llm.token_count.completion_details.reasoning",
        ServerAddressAttribute,
    ];

    /// <summary>The keys <c>EncodedSpanAggregator</c> handles itself, for requests it should mostly take.</summary>
    private static readonly string[] CommonKeys =
    [
        "gen_ai.provider.name", "gen_ai.system", "gen_ai.operation.name", "gen_ai.request.model", "gen_ai.response.model",
        "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.prompt_tokens", "gen_ai.usage.completion_tokens",
        "gen_ai.response.finish_reasons", "error.type", "gen_ai.response.time_to_first_chunk", "gen_ai.usage.cost",
        "gen_ai.output.messages", "gen_ai.completion", "gen_ai.completion.0.content", "output.value", "gen_ai.output.type",
        "gen_ai.response.finish_reason", "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.reasoning.output_tokens",
    ];

    private static readonly string[] Texts =
    [
        "openai", "anthropic", "gpt-4o", "claude-sonnet-4", "chat", "LLM", "stop", "length", "content_filter", "json", "",
        "passed", "failed", "unavailable", "eu-west-1", "us-east-1", "123", "4.5", "日本語の答え", "คำตอบภาษาไทย", "emoji 😀 ok",
        "bad \uFFFD char", "I'm sorry, but I can't help with that.", "{\"answer\": 42}", "{not json",
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Paris is the capital.\"}]}]",
        "[{\"role\":\"assistant\",\"content\":\"Berlin\"}]", "fp_1", "fp_2", "execute_tool", "[\"Stop\"]", "[\"N/A\"]",
        "[\"length\"]", "[]", "[\"ContentFilter\"", "System.ClientModel.ClientResultException", "System.TimeoutException",
        "HTTP 429 (Too Many Requests)", "https://api.openai.com/v1/", "http://[::1]:8080", "ftp://",
    ];

    private static readonly string[] ChoiceContents =
    [
        "{\"index\":0,\"message\":{\"role\":\"Assistant\",\"content\":\"Paris is the capital.\"},\"finish_reason\":\"Stop\"}",
        "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"คำตอบ 日本\"},\"finish_reason\":null}",
        "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"Length\"}",
        "[{\"role\":\"Assistant\",\"content\":\"Berlin\"}]", "{not json", "plain text answer", "",
    ];

    /// <summary>
    /// A random request; with <paramref name="common"/>, its spans carry mostly the common GenAI keys with values of
    /// the usual types (and now and then anything else), as instrumented applications send them.
    /// </summary>
    public static ExportTraceServiceRequest Build(int seed, bool common = false)
    {
        var random = new Random(seed);
        var request = new ExportTraceServiceRequest();
        for (var r = random.Next(1, 4); r > 0; r--)
        {
            var resourceSpans = new ResourceSpans();
            if (random.Next(4) > 0)
            {
                resourceSpans.Resource = new Resource();
                for (var a = random.Next(0, 4); a > 0; a--)
                {
                    resourceSpans.Resource.Attributes.Add(new KeyValue { Key = random.Next(4) switch { < 2 => RegionAttribute, 2 => ServerAddressAttribute, _ => "service.name" }, Value = Value(random, 0) });
                }
            }

            for (var s = random.Next(1, 3); s > 0; s--)
            {
                var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "scope", Version = "1" } };
                if (random.Next(3) == 0)
                {
                    scope.Scope.Attributes.Add(new KeyValue { Key = "scope.attr", Value = Value(random, 0) });
                }

                for (var n = random.Next(1, 8); n > 0; n--)
                {
                    scope.Spans.Add(Span(random, common));
                }

                resourceSpans.ScopeSpans.Add(scope);
            }

            request.ResourceSpans.Add(resourceSpans);
        }

        return request;
    }

    private static Span Span(Random random, bool common)
    {
        // Common requests are mostly clean: each fault below is rare, so most requests have none.
        var rare = common ? 400 : 20;
        var now = DateTimeOffset.UtcNow;
        var start = random.Next(rare) switch
        {
            0 => 0UL,
            1 => Spans.Nanos(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            _ => Spans.Nanos(now.AddMinutes(-random.Next(0, 600)).AddMilliseconds(-random.Next(0, 60_000))),
        };
        var end = random.Next(rare) == 0 ? start - (ulong)random.Next(1, 1000) : start + (ulong)random.NextInt64(0, 100_000_000_000);
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
            SpanId = ByteString.CopyFrom(BitConverter.GetBytes(random.NextInt64())),
            Name = common && random.Next(rare) > 0 ? "chat" : Text(random),
            Kind = (Span.Types.SpanKind)random.Next(0, 6),
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
        };
        if (random.Next(3) == 0)
        {
            span.Status = new Status { Code = (Status.Types.StatusCode)random.Next(0, 3), Message = random.Next(3) == 0 ? "HTTP 404 (invalid_request_error: model_not_found)" : Text(random) };
        }

        var llm = random.Next(5) > 0;
        if (llm)
        {
            span.Attributes.Add(new KeyValue { Key = "gen_ai.provider.name", Value = new AnyValue { StringValue = random.Next(2) == 0 ? "openai" : "anthropic" } });
        }
        else if (random.Next(4) == 0)
        {
            // A tool execution as Semantic Kernel and Microsoft.Extensions.AI trace it.
            span.Attributes.Add(new KeyValue { Key = "gen_ai.operation.name", Value = new AnyValue { StringValue = "execute_tool" } });
        }

        for (var a = random.Next(0, common ? 10 : 13); a > 0; a--)
        {
            var key = common
                ? random.Next(rare) switch
                {
                    0 => KnownKeys[random.Next(KnownKeys.Length)],
                    1 => "weird \uFFFD key",
                    var k when k % 3 == 0 => "custom." + random.Next(0, 50),
                    _ => CommonKeys[random.Next(CommonKeys.Length)],
                }
                : random.Next(10) switch
                {
                    < 6 => KnownKeys[random.Next(KnownKeys.Length)],
                    < 9 => "custom." + random.Next(0, 50),
                    _ => "weird \uFFFD key",
                };
            var value = common && random.Next(rare / 4) > 0 ? UsualValue(random, key) : Value(random, 0);
            span.Attributes.Add(random.Next(30) == 0 ? new KeyValue { Key = key } : new KeyValue { Key = key, Value = value });
        }

        for (var e = random.Next(0, 3); e > 0; e--)
        {
            var spanEvent = new Span.Types.Event { Name = random.Next(3) > 0 ? "gen_ai.evaluation.result" : "other", TimeUnixNano = start };
            if (random.Next(4) > 0)
            {
                spanEvent.Attributes.Add(new KeyValue { Key = "gen_ai.evaluation.score.label", Value = new AnyValue { StringValue = random.Next(3) switch { 0 => "pass", 1 => "FAIL", _ => "meh" } } });
            }

            if (random.Next(2) == 0)
            {
                spanEvent.Attributes.Add(new KeyValue { Key = "gen_ai.evaluation.score.value", Value = random.Next(2) == 0 ? new AnyValue { DoubleValue = random.NextDouble() } : new AnyValue { StringValue = "0.75" } });
            }

            span.Events.Add(spanEvent);
        }

        // Output events (Semantic Kernel and older conventions), which both the aggregator and the mapping read.
        for (var e = random.Next(common ? 10 : 3) == 0 ? random.Next(1, 3) : 0; e > 0; e--)
        {
            span.Events.Add(random.Next(3) switch
            {
                0 => new Span.Types.Event { Name = "gen_ai.choice", TimeUnixNano = start, Attributes = { new KeyValue { Key = "gen_ai.event.content", Value = new AnyValue { StringValue = ChoiceContents[random.Next(ChoiceContents.Length)] } } } },
                1 => new Span.Types.Event { Name = "gen_ai.content.completion", TimeUnixNano = start, Attributes = { new KeyValue { Key = "gen_ai.completion", Value = random.Next(4) == 0 ? Value(random, 0) : new AnyValue { StringValue = ChoiceContents[random.Next(ChoiceContents.Length)] } } } },
                _ => new Span.Types.Event
                {
                    Name = "gen_ai.choice",
                    TimeUnixNano = start,
                    Attributes = { new KeyValue { Key = random.Next(2) == 0 ? "message" : "finish_reason", Value = Value(random, 0) }, new KeyValue { Key = "index", Value = new AnyValue { IntValue = 0 } } },
                },
            });
        }

        if (random.Next(5) == 0)
        {
            span.Links.Add(new Span.Types.Link { TraceId = span.TraceId, SpanId = span.SpanId, Attributes = { new KeyValue { Key = "link", Value = Value(random, 0) } } });
        }

        return span;
    }

    /// <summary>A value of the type instrumentations send for <paramref name="key"/>.</summary>
    private static AnyValue UsualValue(Random random, string key) => key switch
    {
        _ when key.Contains("tokens", StringComparison.Ordinal) => new AnyValue { IntValue = random.Next(10) == 0 ? -5 : random.NextInt64(0, 100_000) },
        "gen_ai.response.time_to_first_chunk" or "gen_ai.usage.cost" => new AnyValue { DoubleValue = random.Next(10) == 0 ? double.NaN : random.NextDouble() * 5 },
        "gen_ai.response.finish_reasons" when random.Next(4) > 0 => new AnyValue { ArrayValue = new ArrayValue { Values = { Enumerable.Range(0, random.Next(0, 3)).Select(_ => new AnyValue { StringValue = random.Next(2) == 0 ? "stop" : "length" }) } } },
        "gen_ai.response.finish_reasons" or "gen_ai.response.finish_reason" => new AnyValue { StringValue = random.Next(6) switch { 0 => "[\"stop\"]", 1 => "[\"Length\"]", 2 => "[\"N/A\"]", 3 => "STOP", 4 => "[\"ToolCalls\"]", _ => "length" } },
        "gen_ai.operation.name" => new AnyValue { StringValue = random.Next(5) == 0 ? "execute_tool" : "chat" },
        "gen_ai.provider.name" or "gen_ai.system" => new AnyValue { StringValue = random.Next(3) switch { 0 => "openai", 1 => "anthropic", _ => "aws.bedrock" } },
        "gen_ai.request.model" or "gen_ai.response.model" => new AnyValue { StringValue = random.Next(4) switch { 0 => "gpt-4o", 1 => "claude-sonnet-4", 2 => "日本語-model", _ => "m-" + random.Next(0, 20) } },
        ServerAddressAttribute => new AnyValue { StringValue = random.Next(3) switch { 0 => "https://api.openai.com/v1/", 1 => "http://127.0.0.1:5000", _ => "api.openai.com" } },
        "error.type" => new AnyValue { StringValue = random.Next(20) switch { 0 => "System.ClientModel.ClientResultException", 1 => "System.Threading.Tasks.TaskCanceledException", < 10 => "timeout", _ => "500" } },
        "gen_ai.output.messages" => new AnyValue { StringValue = random.Next(4) switch
        {
            0 => "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Paris.\"}]}]",
            1 => "[{\"role\":\"assistant\",\"content\":\"The answer คำตอบ 日本\"}]",
            2 => "[{\"role\":\"assistant\",\"content\":\"Berlin\"}]",
            _ => "{not json",
        } },
        "gen_ai.output.type" => new AnyValue { StringValue = random.Next(2) == 0 ? "json" : "text" },
        "gen_ai.completion" or "gen_ai.completion.0.content" or "output.value" => new AnyValue { StringValue = random.Next(3) switch { 0 => "{\"answer\": 42}", 1 => "I'm sorry, but I can't help with that.", _ => "คำตอบภาษาไทย mixed" } },
        _ => new AnyValue { StringValue = random.Next(3) switch { 0 => "api.example.com", 1 => "日本語", _ => "v" + random.Next(0, 9) } },
    };

    private static AnyValue Value(Random random, int depth) => random.Next(depth > 2 ? 5 : 9) switch
    {
        0 => new AnyValue { StringValue = Text(random) },
        1 => new AnyValue { StringValue = Text(random) },
        2 => new AnyValue { IntValue = random.Next(3) == 0 ? -random.NextInt64(0, 1_000_000) : random.NextInt64(0, 100_000) },
        3 => new AnyValue { DoubleValue = random.Next(10) switch { 0 => double.NaN, 1 => -1.5, 2 => double.PositiveInfinity, _ => random.NextDouble() * 10 } },
        4 => new AnyValue { BoolValue = random.Next(2) == 0 },
        5 => Array(random, depth),
        6 => new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "k", Value = Value(random, depth + 1) } } } },
        7 => new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) },
        _ => new AnyValue(),
    };

    private static AnyValue Array(Random random, int depth)
    {
        var array = new ArrayValue();
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            array.Values.Add(Value(random, depth + 1));
        }

        return new AnyValue { ArrayValue = array };
    }

    private static string Text(Random random) => random.Next(6) switch
    {
        0 => new string((char)random.Next('a', 'z' + 1), random.Next(0, 80)),
        _ => Texts[random.Next(Texts.Length)],
    };
}
