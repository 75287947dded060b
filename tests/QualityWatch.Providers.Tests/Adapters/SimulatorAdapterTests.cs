using Microsoft.Extensions.AI;
using QualityWatch.Providers.Adapters;
using QualityWatch.Providers.Tests.TestSupport;

namespace QualityWatch.Providers.Tests.Adapters;

/// <summary>Each adapter against the real simulator, through the real SDK (OpenAI, Anthropic) or REST (Gemini).</summary>
public sealed class SimulatorAdapterTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.System, "Be brief."), new(ChatRole.User, Simulators.Prompt)];
    private static readonly ChatOptions Deterministic = new() { Temperature = 0, MaxOutputTokens = 16, Seed = 5 };

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task GetResponseAsync_CorrectModel_ReturnsGoldenAnswerWithUsageFinishReasonAndModel(string kind)
    {
        await using var host = await Simulators.StartAsync();
        using var client = ProviderClientFactory.Create(Simulators.Options(kind, host));

        var response = await client.GetResponseAsync(Question, Deterministic);

        Assert.Equal("42", response.Text.Trim());
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage?.InputTokenCount > 0, "input tokens reported");
        Assert.True(response.Usage?.OutputTokenCount > 0, "output tokens reported");
        Assert.False(string.IsNullOrEmpty(response.ModelId));
        if (kind == "openai")
        {
            Assert.Equal("fp_sim_test", response.AdditionalProperties?[ChatResponseFields.SystemFingerprint]);
        }
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task GetStreamingResponseAsync_CorrectModel_StreamsGoldenAnswerWithUsageAndFinishReason(string kind)
    {
        await using var host = await Simulators.StartAsync();
        using var client = ProviderClientFactory.Create(Simulators.Options(kind, host));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Question, Deterministic))
        {
            updates.Add(update);
        }

        Assert.Equal("42", string.Concat(updates.Select(u => u.Text)).Trim());
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        var usage = updates.SelectMany(u => u.Contents.OfType<UsageContent>()).LastOrDefault();
        Assert.NotNull(usage);
        Assert.True(usage.Details.OutputTokenCount > 0);
    }

    [Theory]
    [InlineData("openai", "503")]
    [InlineData("gemini", "503")]
    [InlineData("anthropic", "529")]
    public async Task GetResponseAsync_ProviderReturnsServerErrors_ThrowsUnavailableWithStatusAsErrorType(string kind, string expected)
    {
        await using var host = await Simulators.StartAsync(1, Simulators.ErrorBurst());
        using var client = ProviderClientFactory.Create(Simulators.Options(kind, host));

        // error-burst mixes in some 429s and 500s: every attempt is an availability failure, most carry the typical status.
        var errorTypes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync(Question, Deterministic));
            errorTypes.Add(ex.ErrorType);
            Assert.Equal($"sim-{kind}", ex.Provider);
        }

        Assert.Contains(expected, errorTypes);
        Assert.All(errorTypes, t => Assert.Contains(t, new[] { "503", "529", "500", "429" }));
    }

    [Fact]
    public async Task Create_KindUnknown_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => ProviderClientFactory.Create(new ProviderOptions { Name = "x", Kind = "cohere", Model = "m" }));
        Assert.Contains("kind", ex.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("openai", "Stop")]
    [InlineData("anthropic", "end_turn")]
    [InlineData("gemini", "STOP")]
    public async Task GetResponseAsync_KeepsTheFinishReasonAsTheProviderSpelledIt(string kind, string raw)
    {
        await using var host = await Simulators.StartAsync();
        using var client = ProviderClientFactory.Create(Simulators.Options(kind, host));

        var response = await client.GetResponseAsync(Question, Deterministic);

        Assert.Equal(raw, response.AdditionalProperties?[ChatResponseFields.RawFinishReason]);
    }

    [Theory]
    [InlineData("openai", "Stop")]
    [InlineData("anthropic", "end_turn")]
    public async Task GetStreamingResponseAsync_KeepsTheRawFinishReason_AndOpenAiItsFingerprint(string kind, string raw)
    {
        await using var host = await Simulators.StartAsync();
        using var client = ProviderClientFactory.Create(Simulators.Options(kind, host));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Question, Deterministic))
        {
            updates.Add(update);
        }

        Assert.Contains(updates, u => raw.Equals(u.AdditionalProperties?.GetValueOrDefault(ChatResponseFields.RawFinishReason)));
        if (kind == "openai")
        {
            Assert.Contains(updates, u => "fp_sim_test".Equals(u.AdditionalProperties?.GetValueOrDefault(ChatResponseFields.SystemFingerprint)));
        }
    }

    [Fact]
    public async Task GetResponseAsync_ALengthLimitedAnthropicAnswer_IsLengthWithTheRawStopReason()
    {
        await using var host = await Simulators.StartAsync();
        using var client = ProviderClientFactory.Create(Simulators.Options("anthropic", host));

        var response = await client.GetResponseAsync([new(ChatRole.User, "Write a long essay about the history of the printing press.")], new ChatOptions { MaxOutputTokens = 3 });

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal("max_tokens", response.AdditionalProperties?[ChatResponseFields.RawFinishReason]);
    }
}
