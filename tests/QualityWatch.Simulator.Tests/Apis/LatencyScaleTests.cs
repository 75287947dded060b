using System.Diagnostics;
using OpenAI.Chat;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Apis;

public sealed class LatencyScaleTests
{
    [Fact]
    public async Task LatencyScale_SleepsTheScaledSimulatedLatencyInRealTime()
    {
        var options = Sim.Options();
        options.LatencyScale = 0.1;
        await using var host = await SimulatorHost.StartAsync(options, null, CancellationToken.None);
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        var client = Sim.OpenAi(host, "gpt-4.1", http);
        await client.CompleteChatAsync([new UserChatMessage("warm up")]);

        var stopwatch = Stopwatch.StartNew();
        await client.CompleteChatAsync([new UserChatMessage("Write a long paragraph about rivers.")]);
        var nonStreaming = stopwatch.Elapsed;
        var simulated = TimeSpan.FromMilliseconds(handler.LastLatencyMs!.Value);

        stopwatch.Restart();
        await foreach (var _ in client.CompleteChatStreamingAsync([new UserChatMessage("Write a long paragraph about rivers.")]))
        {
        }

        var streaming = stopwatch.Elapsed;
        var streamedSimulated = TimeSpan.FromMilliseconds(handler.LastLatencyMs!.Value);

        Assert.True(nonStreaming >= simulated * 0.1 * 0.9, $"slept {nonStreaming}, simulated {simulated}");
        Assert.True(streaming >= streamedSimulated * 0.1 * 0.8, $"streamed in {streaming}, simulated {streamedSimulated}");
        Assert.True(nonStreaming < (simulated * 0.1) + TimeSpan.FromSeconds(2));
    }
}
