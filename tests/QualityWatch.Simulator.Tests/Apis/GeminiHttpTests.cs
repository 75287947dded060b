using System.Net;
using System.Text;
using System.Text.Json;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Apis;

public sealed class GeminiHttpTests
{
    private const string Prompt = "Explain how a message queue smooths traffic spikes.";

    [Fact]
    public async Task GenerateContent_ReturnsCandidateFinishReasonAndUsageMetadata()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        using var response = await client.GeminiAsync("gemini-2.5-flash", WireClient.GeminiBody(Prompt));
        var body = await WireClient.JsonOf(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var candidate = body.GetProperty("candidates")[0];
        Assert.Equal("model", candidate.GetProperty("content").GetProperty("role").GetString());
        Assert.Equal("STOP", candidate.GetProperty("finishReason").GetString());
        var text = candidate.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString()!;
        var usage = body.GetProperty("usageMetadata");
        Assert.Equal((text.Length + 3) / 4, usage.GetProperty("candidatesTokenCount").GetInt32());
        Assert.Equal(usage.GetProperty("promptTokenCount").GetInt32() + usage.GetProperty("candidatesTokenCount").GetInt32(), usage.GetProperty("totalTokenCount").GetInt32());
        Assert.Equal("gemini-2.5-flash", body.GetProperty("modelVersion").GetString());
        Assert.True(double.Parse(response.Headers.GetValues("x-sim-latency-ms").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task StreamGenerateContent_AltSse_StreamsDataEventsThatConcatenateToTheAnswer()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);
        var whole = await WholeText(client);

        using var response = await client.GeminiAsync("gemini-2.5-flash", WireClient.GeminiBody(Prompt), "streamGenerateContent", query: "?alt=sse");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = raw.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone()).ToList();
        Assert.True(events.Count >= 2);
        Assert.Equal(whole, string.Concat(events.Select(PartText)));
        Assert.Equal("STOP", events[^1].GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.False(events[0].GetProperty("candidates")[0].TryGetProperty("finishReason", out _));
    }

    [Fact]
    public async Task StreamGenerateContent_WithoutAlt_StreamsAJsonArray()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);
        var whole = await WholeText(client);

        using var response = await client.GeminiAsync("gemini-2.5-flash", WireClient.GeminiBody(Prompt), "streamGenerateContent", key: null, query: "?key=AIza-in-query");
        var array = await WireClient.JsonOf(response);

        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        Assert.Equal(whole, string.Concat(array.EnumerateArray().Select(PartText)));
        Assert.True(array[array.GetArrayLength() - 1].GetProperty("usageMetadata").GetProperty("candidatesTokenCount").GetInt32() > 0);
    }

    [Fact]
    public async Task GenerateContent_MaxOutputTokensBelowAnswer_FinishReasonMaxTokens()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        using var response = await client.GeminiAsync("gemini-2.5-flash", WireClient.GeminiBody(Prompt, maxOutputTokens: 3));
        var body = await WireClient.JsonOf(response);

        Assert.Equal("MAX_TOKENS", body.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal(3, body.GetProperty("usageMetadata").GetProperty("candidatesTokenCount").GetInt32());
    }

    private static async Task<string> WholeText(WireClient client)
    {
        using var response = await client.GeminiAsync("gemini-2.5-flash", WireClient.GeminiBody(Prompt));
        return PartText(await WireClient.JsonOf(response));
    }

    private static string PartText(JsonElement response)
    {
        var builder = new StringBuilder();
        foreach (var part in response.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts").EnumerateArray())
        {
            builder.Append(part.GetProperty("text").GetString());
        }

        return builder.ToString();
    }
}
