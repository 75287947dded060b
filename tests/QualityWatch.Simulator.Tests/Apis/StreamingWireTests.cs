using System.Text.Json;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Apis;

/// <summary>The raw SSE framing each provider uses, checked byte-level rather than through an SDK.</summary>
public sealed class StreamingWireTests
{
    private static List<string> DataLines(string raw) =>
        raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).ToList();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenAi_Stream_EndsWithDoneAndCarriesUsageOnlyWhenAsked(bool includeUsage)
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);
        var body = $$"""{"model":"gpt-4o-mini","stream":true,{{(includeUsage ? "\"stream_options\":{\"include_usage\":true}," : string.Empty)}}"messages":[{"role":"user","content":"Tell me about tides."}]}""";

        using var response = await client.OpenAiAsync(body);
        var events = DataLines(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e[6..]).RootElement.Clone()).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.All(chunks, c => Assert.Equal("fp_0ba0d124f1", c.GetProperty("system_fingerprint").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        if (includeUsage)
        {
            Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
            Assert.True(chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
            Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
            Assert.All(chunks[..^1], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        }
        else
        {
            Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
            Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
        }
    }

    [Fact]
    public async Task Anthropic_Stream_SendsNamedEventsInProtocolOrder()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);
        const string body = """{"model":"claude-sonnet-4","max_tokens":300,"stream":true,"messages":[{"role":"user","content":"Tell me about tides."}]}""";

        using var response = await client.AnthropicAsync(body);
        var events = DataLines(await response.Content.ReadAsStringAsync())
            .Select(e => e.Split('\n'))
            .Select(lines => (Name: lines[0]["event: ".Length..], Data: JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone()))
            .ToList();

        Assert.All(events, e => Assert.Equal(e.Name, e.Data.GetProperty("type").GetString()));
        Assert.Equal(["message_start", "content_block_start", "ping"], events.Take(3).Select(e => e.Name));
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], events.TakeLast(3).Select(e => e.Name));
        Assert.All(events.Skip(3).SkipLast(3), e => Assert.Equal("content_block_delta", e.Name));
        Assert.Equal("end_turn", events[^2].Data.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal("claude-sonnet-4", events[0].Data.GetProperty("message").GetProperty("model").GetString());
    }
}
