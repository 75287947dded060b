using System.Text;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Apis;

public sealed class AnthropicSdkTests
{
    private static MessageCreateParams Params(string prompt, string model = "claude-sonnet-4", long maxTokens = 1024, string? user = null) => new()
    {
        Model = model,
        MaxTokens = maxTokens,
        Messages = [new UserMessageParam(prompt)],
        Metadata = user is null ? null : new Metadata { UserID = user },
    };

    [Fact]
    public async Task Create_GoldenPromptWithOfficialSdk_ReturnsValidatedMessage()
    {
        var book = InMemoryGoldenBook.Create();
        await using var host = await Sim.StartAsync(book);
        var client = Sim.Anthropic(host);
        var (prompt, _) = book.Cases[0];

        var message = await client.Messages.Create(Params(prompt));

        message.Validate();
        Assert.Equal("claude-sonnet-4", message.Model.Raw());
        Assert.Equal(StopReason.EndTurn, message.StopReason?.Value());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.False(string.IsNullOrEmpty(text.Text));
        Assert.True(message.Usage.InputTokens > prompt.Length / 4);
        Assert.Equal(Math.Max(1, (text.Text.Length + 3) / 4), message.Usage.OutputTokens);
    }

    [Fact]
    public async Task CreateStreaming_WithOfficialSdk_EmitsEventsWhoseDeltasMatchTheNonStreamingAnswer()
    {
        await using var host = await Sim.StartAsync(null);
        var client = Sim.Anthropic(host);
        const string prompt = "Explain how a message queue smooths traffic spikes.";
        var whole = await client.Messages.Create(Params(prompt));
        Assert.True(whole.Content[0].TryPickText(out var wholeText));

        var text = new StringBuilder();
        var kinds = new List<string>();
        StopReason? stop = null;
        long? outputTokens = null;
        await foreach (var streamEvent in client.Messages.CreateStreaming(Params(prompt)))
        {
            if (streamEvent.TryPickStart(out _))
            {
                kinds.Add("message_start");
            }
            else if (streamEvent.TryPickContentBlockStart(out _))
            {
                kinds.Add("content_block_start");
            }
            else if (streamEvent.TryPickContentBlockDelta(out var delta))
            {
                kinds.Add("content_block_delta");
                Assert.True(delta.Delta.TryPickText(out var textDelta));
                text.Append(textDelta.Text);
            }
            else if (streamEvent.TryPickContentBlockStop(out _))
            {
                kinds.Add("content_block_stop");
            }
            else if (streamEvent.TryPickDelta(out var messageDelta))
            {
                kinds.Add("message_delta");
                stop = messageDelta.Delta.StopReason?.Value();
                outputTokens = messageDelta.Usage.OutputTokens;
            }
            else if (streamEvent.TryPickStop(out _))
            {
                kinds.Add("message_stop");
            }
        }

        Assert.Equal("message_start", kinds[0]);
        Assert.Equal("content_block_start", kinds[1]);
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], kinds[^3..]);
        Assert.Equal(wholeText.Text, text.ToString());
        Assert.Equal(StopReason.EndTurn, stop);
        Assert.Equal(whole.Usage.OutputTokens, outputTokens);
    }

    [Fact]
    public async Task Create_MaxTokensBelowAnswer_StopReasonMaxTokens()
    {
        await using var host = await Sim.StartAsync(null);
        var client = Sim.Anthropic(host);

        var message = await client.Messages.Create(Params("Describe the history of the printing press in detail.", maxTokens: 4));

        Assert.Equal(StopReason.MaxTokens, message.StopReason?.Value());
        Assert.Equal(4, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task Create_UnknownModel_SdkRaisesNotFound()
    {
        await using var host = await Sim.StartAsync(null);
        var client = Sim.Anthropic(host);

        var error = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => client.Messages.Create(Params("hi", model: "claude-imaginary")));

        Assert.Equal(404, (int)error.StatusCode);
    }
}
