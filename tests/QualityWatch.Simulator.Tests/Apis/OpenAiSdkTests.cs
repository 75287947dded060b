using System.ClientModel;
using OpenAI.Chat;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Apis;

public sealed class OpenAiSdkTests
{
    [Fact]
    public async Task CompleteChat_GoldenPromptWithOfficialSdk_ReturnsAnswerUsageFingerprintAndFinishReason()
    {
        var book = InMemoryGoldenBook.Create();
        await using var host = await Sim.StartAsync(book);
        var client = Sim.OpenAi(host, "gpt-4.1");
        var (prompt, golden) = book.Cases[0];

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { Temperature = 0 });

        Assert.Equal("gpt-4.1", completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.False(string.IsNullOrEmpty(completion.Content[0].Text));
#pragma warning disable OPENAI001
        Assert.Equal("fp_b42ad9a7b3", completion.SystemFingerprint);
#pragma warning restore OPENAI001
        Assert.True(completion.Usage.InputTokenCount >= prompt.Length / 4);
        Assert.Equal(Math.Max(1, (completion.Content[0].Text.Length + 3) / 4), completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.NotNull(golden);
    }

    [Fact]
    public async Task CompleteChatStreaming_WithOfficialSdk_ConcatenatesToTheNonStreamingAnswerAndReportsUsage()
    {
        var book = InMemoryGoldenBook.Create();
        await using var host = await Sim.StartAsync(book);
        var client = Sim.OpenAi(host, "gpt-4o-mini");
        const string prompt = "Explain how a message queue smooths traffic spikes.";
        var options = new ChatCompletionOptions { Temperature = 0 };
        ChatCompletion whole = await client.CompleteChatAsync([new UserChatMessage(prompt)], options);

        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var updates = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(prompt)], options))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.True(updates > 3);
        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_MaxOutputTokensBelowAnswer_FinishReasonLength()
    {
        await using var host = await Sim.StartAsync(null);
        var client = Sim.OpenAi(host, "gpt-4o-mini");

        ChatCompletion completion = await client.CompleteChatAsync(
            [new UserChatMessage("Describe the history of the printing press in detail.")],
            new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 5 });

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_UnknownModel_SdkRaises404()
    {
        await using var host = await Sim.StartAsync(null);
        var client = Sim.OpenAi(host, "gpt-9-imaginary");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, error.Status);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
