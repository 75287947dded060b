using System.Text;
using QualityWatch.Collector.Otlp;

namespace QualityWatch.Collector.Tests.Otlp;

public sealed class OtlpJsonTests
{
    [Fact]
    public void ParseRequest_HexIdsCamelCaseIntEnumsAndStringInt64_DecodeAsTheSpecSays()
    {
        const string json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
              "scopeSpans":[{"scope":{"name":"s"},"spans":[{
                "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"",
                "name":"chat","kind":3,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
                "attributes":[{"key":"gen_ai.usage.input_tokens","value":{"intValue":"42"}}],
                "status":{"code":2},"futureField":{"ignored":true}}]}]}]}
            """;
        var request = OtlpJson.ParseRequest(Encoding.UTF8.GetBytes(json));
        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];

        Assert.Equal("5b8efff798038103d269b633813fc60c", Convert.ToHexStringLower(span.TraceId.ToByteArray()));
        Assert.Equal("eee19b7ec3c1b174", Convert.ToHexStringLower(span.SpanId.ToByteArray()));
        Assert.Equal(QualityWatch.Collector.Otlp.Proto.Trace.Span.Types.SpanKind.Client, span.Kind);
        Assert.Equal(1544712660000000000UL, span.StartTimeUnixNano);
        Assert.Equal(42, span.Attributes[0].Value.IntValue);
        Assert.Equal(QualityWatch.Collector.Otlp.Proto.Trace.Status.Types.StatusCode.Error, span.Status.Code);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"not-hex!\"}]}]}]}")]
    [InlineData("{\"resourceSpans\":\"nope\"}")]
    public void ParseRequest_NotOtlpJson_ThrowsFormatException(string json) =>
        Assert.Throws<FormatException>(() => OtlpJson.ParseRequest(Encoding.UTF8.GetBytes(json)));
}
