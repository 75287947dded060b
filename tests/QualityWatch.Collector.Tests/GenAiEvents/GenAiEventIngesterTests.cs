using System.Net;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Logs;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.GenAiEvents;

/// <summary>GenAI output events posted to <c>/v1/logs</c> add output features to the series their attributes name.</summary>
public sealed class GenAiEventIngesterTests
{
    [Fact]
    public async Task ChoiceEventWithStrayChinese_CountsAnOutputWithAnUnexpectedScript_AndNoCall()
    {
        await using var host = await CollectorHost.StartAsync();
        var body = new AnyValue
        {
            KvlistValue = new KeyValueList
            {
                Values =
                {
                    new KeyValue { Key = "finish_reason", Value = new AnyValue { StringValue = "stop" } },
                    new KeyValue { Key = "message", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { Spans.Attr("content", "The garden is green 你好世界") } } } },
                },
            },
        };

        var response = await host.Http.PostAsync(new Uri("/v1/logs", UriKind.Relative), Spans.Protobuf(Request(Record("gen_ai.choice", body, "events"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bucket = Assert.Single(await host.BucketsAsync());
        Assert.Equal(("openai", "events", 0L, 1L, 1L), (bucket.Key.Provider, bucket.Key.Model, bucket.Count, bucket.OutputsAnalysed, bucket.OutputsWithUnexpectedScript));
    }

    [Fact]
    public async Task EventNamedByAttribute_WithAJsonChoiceBody_AndOperationDetailsEvent_AreRead()
    {
        await using var host = await CollectorHost.StartAsync();
        var choice = Record(string.Empty, new AnyValue { StringValue = "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A calm river.\"},\"finish_reason\":\"stop\"}" }, "attribute-named");
        choice.Attributes.Add(Spans.Attr("event.name", "gen_ai.choice"));
        var details = Record("gen_ai.client.inference.operation.details", null, "attribute-named");
        details.Attributes.Add(Spans.Attr("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"A quiet lake.\"}]}]"));

        await host.Http.PostAsync(new Uri("/v1/logs", UriKind.Relative), Spans.Protobuf(Request(choice, details)));

        var bucket = Assert.Single(await host.BucketsAsync());
        Assert.Equal((2L, 0L), (bucket.OutputsAnalysed, bucket.OutputsWithUnexpectedScript));
        Assert.Equal(13, bucket.MeanOutputLength!.Value, 0.01);
    }

    [Fact]
    public async Task Events_CountWhereSpansCarriedNoOutputText_AndAreIgnoredWhereTheyDid()
    {
        await using var host = await CollectorHost.StartAsync();
        var withText = Spans.Llm(model: "spans-with-text", extra: Spans.Attr("gen_ai.completion", "The garden is green."));
        await host.Http.PostAsync(new Uri("/v1/traces", UriKind.Relative), Spans.Protobuf(Spans.Request(Spans.Llm(model: "spans-without-text"), withText)));
        var choice = new AnyValue { StringValue = "{\"message\":{\"content\":\"The garden is green.\"}}" };

        await host.Http.PostAsync(new Uri("/v1/logs", UriKind.Relative), Spans.Protobuf(Request(Record("gen_ai.choice", choice, "spans-without-text"), Record("gen_ai.choice", choice, "spans-with-text"))));

        // The span and the event may fall in different minutes: sum each model's buckets.
        var buckets = await host.BucketsAsync();
        var withoutText = SimulatedOpenAi.Sum(buckets, "spans-without-text");
        var withTextSum = SimulatedOpenAi.Sum(buckets, "spans-with-text");
        Assert.Equal((1L, 1L), (withoutText.Count, withoutText.OutputsAnalysed));
        Assert.Equal((1L, 1L), (withTextSum.Count, withTextSum.OutputsAnalysed));
    }

    [Fact]
    public async Task OtherRecordsAreIgnored_AndAFutureEventIsRejectedInAPartialSuccess()
    {
        await using var host = await CollectorHost.StartAsync();
        var future = Record("gen_ai.choice", new AnyValue { StringValue = "{\"message\":{\"content\":\"Later.\"}}" }, "future");
        future.TimeUnixNano = Spans.Nanos(DateTimeOffset.UtcNow.AddDays(1));
        var plain = Record(string.Empty, new AnyValue { StringValue = "GET / 200" }, "plain");
        var json = JsonFormatter.Default.Format(Request(plain, future));

        // OTLP/JSON ids are hex, which JsonFormatter (base64) does not write.
        json = json.Replace(Convert.ToBase64String(new byte[16]), Convert.ToHexString(new byte[16]), StringComparison.Ordinal)
            .Replace(Convert.ToBase64String(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }), "0102030405060708", StringComparison.Ordinal);

        var response = await host.Http.PostAsync(new Uri("/v1/logs", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonParser.Default.Parse<ExportLogsServiceResponse>(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, answer.PartialSuccess.RejectedLogRecords);
        Assert.Contains("in the future", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await host.BucketsAsync());
        Assert.Equal(1, host.Services.GetRequiredService<CollectorMetrics>().RecordsTotal("logs", "ignored"));
    }

    private static LogRecord Record(string eventName, AnyValue? body, string model)
    {
        var record = new LogRecord
        {
            TimeUnixNano = Spans.Nanos(DateTimeOffset.UtcNow),
            EventName = eventName,
            Body = body,
            TraceId = ByteString.CopyFrom(new byte[16]),
            SpanId = ByteString.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8]),
        };
        if (eventName.Length > 0 || body?.StringValue.StartsWith('{') == true)
        {
            record.Attributes.Add(Spans.Attr("gen_ai.system", "openai"));
            record.Attributes.Add(Spans.Attr("gen_ai.request.model", model));
        }

        return record;
    }

    private static ExportLogsServiceRequest Request(params LogRecord[] records)
    {
        var scope = new ScopeLogs();
        scope.LogRecords.AddRange(records);
        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { scope } } } };
    }
}
