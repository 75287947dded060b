using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using QualityWatch.Providers.Adapters;
using QualityWatch.Providers.Tests.TestSupport;

namespace QualityWatch.Providers.Tests.Adapters;

/// <summary>Gemini's server-sent events read as the SSE specification says, whatever a server or proxy adds.</summary>
public sealed class GeminiStreamingTests
{
    [Fact]
    public async Task GetStreamingResponseAsync_CommentsKeepAlivesMultiLineDataAndCrLf_AreReadAsTheSpecSays()
    {
        // A proxy's keep-alive comment, an event whose JSON spans two data lines, CRLF line ends and a final event
        // with the finish reason and usage.
        const string Stream =
            ": keep-alive\r\n\r\n" +
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"4\"}],\"role\":\"model\"}}],\r\n" +
            "data:  \"modelVersion\":\"gemini-loop\"}\r\n\r\n" +
            "event: message\n" +
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"2\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":1,\"totalTokenCount\":8},\"modelVersion\":\"gemini-loop\"}\n\n";
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(Stream);
        });
        using var client = ProviderClientFactory.Create(new ProviderOptions { Name = "loop", Kind = "gemini", Model = "gemini-loop", BaseUrl = server.BaseUrl.ToString(), MaxRetries = 0 });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "6 × 7?")]))
        {
            updates.Add(update);
        }

        Assert.Equal("42", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal("STOP", updates[^1].AdditionalProperties?[ChatResponseFields.RawFinishReason]);
        Assert.Equal(1, updates.SelectMany(u => u.Contents.OfType<UsageContent>()).Single().Details.OutputTokenCount);
        Assert.Contains(":streamGenerateContent", Assert.Single(server.Seen).Path, StringComparison.Ordinal);
    }
}
