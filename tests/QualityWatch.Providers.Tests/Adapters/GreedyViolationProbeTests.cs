using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using QualityWatch.Providers.Adapters;
using QualityWatch.Providers.Tests.TestSupport;
using QualityWatch.Simulator;

namespace QualityWatch.Providers.Tests.Adapters;

/// <summary>The OpenAI adapter's greedy-violation probe against the real simulator: log-probabilities asked for at
/// temperature 0 when the provider opts in, and the tokens emitted from below the top candidate counted.</summary>
public sealed class GreedyViolationProbeTests
{
    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 400 };

    private static ScenarioOptions TopKMiscompile(double share) => new()
    {
        Name = "topk-miscompile",
        Parameters = new(StringComparer.OrdinalIgnoreCase) { ["GreedyViolationShare"] = share },
    };

    private static ChatMessage[] Question(int i) => [new(ChatRole.User, $"Describe the tides of harbour {i}.")];

    private static IChatClient Client(SimulatorHost host, bool logprobs = true) =>
        ProviderClientFactory.Create(Simulators.Options("openai", host, o => o.Logprobs = logprobs));

    private static async Task<(long Tokens, long Violations, bool Reported)> AskAsync(IChatClient client, ChatMessage[] question, ChatOptions options, bool streaming)
    {
        var fields = new List<AdditionalPropertiesDictionary>();
        if (streaming)
        {
            await foreach (var update in client.GetStreamingResponseAsync(question, options))
            {
                if (update.AdditionalProperties is { } properties)
                {
                    fields.Add(properties);
                }
            }
        }
        else if ((await client.GetResponseAsync(question, options)).AdditionalProperties is { } properties)
        {
            fields.Add(properties);
        }

        var reported = fields.Where(f => f.ContainsKey(ChatResponseFields.LogprobTokens)).ToList();
        return (reported.Sum(f => (long)f[ChatResponseFields.LogprobTokens]!), reported.Sum(f => (long)f[ChatResponseFields.GreedyViolations]!), reported.Count > 0);
    }

    // The same call on the wire, with the violations counted straight from the JSON: the ground truth the adapter must match.
    private static async Task<(long Tokens, long Violations)> WireCountAsync(SimulatorHost host, string prompt)
    {
        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(new JsonObject
            {
                ["model"] = Simulators.Model,
                ["temperature"] = 0,
                ["max_completion_tokens"] = 400,
                ["logprobs"] = true,
                ["top_logprobs"] = OpenAiLogprobsChatClient.TopCandidates,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test");
        using var response = await http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var tokens = json.RootElement.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        return (tokens.Count, tokens.Count(t => t.GetProperty("top_logprobs").EnumerateArray().Any(c => c.GetProperty("logprob").GetDouble() > t.GetProperty("logprob").GetDouble())));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HealthyProvider_OptedIn_EveryTemperatureZeroTokenIsInspectedAndNoneIsAViolation(bool streaming)
    {
        await using var host = await Simulators.StartAsync();
        using var client = Client(host);

        long tokens = 0, violations = 0;
        for (var i = 0; i < 30; i++)
        {
            var (t, v, reported) = await AskAsync(client, Question(i), Greedy, streaming);
            Assert.True(reported, $"call {i} reported no log-probabilities");
            tokens += t;
            violations += v;
        }

        Assert.True(tokens > 500, $"only {tokens} tokens inspected");
        Assert.Equal(0, violations);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TopKMiscompile_CountsExactlyTheTokensTheWireShowsEmittedFromBelowTheTopCandidate(bool streaming)
    {
        await using var host = await Simulators.StartAsync(1, TopKMiscompile(0.1));
        using var client = Client(host);

        long tokens = 0, violations = 0, wireTokens = 0, wireViolations = 0;
        for (var i = 0; i < 20; i++)
        {
            // Temperature 0 within one virtual minute: the wire call gets the same answer and log-probabilities.
            var (t, v, _) = await AskAsync(client, Question(i), Greedy, streaming);
            var (wt, wv) = await WireCountAsync(host, Question(i)[0].Text);
            tokens += t;
            violations += v;
            wireTokens += wt;
            wireViolations += wv;
        }

        Assert.Equal(wireTokens, tokens);
        Assert.Equal(wireViolations, violations);
        Assert.InRange(violations / (double)tokens, 0.05, 0.15);
    }

    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.7)]
    [InlineData(true, null)]
    public async Task NotOptedInOrNotTemperatureZero_AsksForNoLogprobsAndReportsNothing(bool optedIn, double? temperature)
    {
        await using var host = await Simulators.StartAsync(1, TopKMiscompile(0.5));
        using var client = Client(host, optedIn);

        var options = new ChatOptions { Temperature = (float?)temperature, MaxOutputTokens = 400 };
        var plain = await AskAsync(client, Question(1), options, streaming: false);
        var streamed = await AskAsync(client, Question(2), options, streaming: true);

        Assert.False(plain.Reported);
        Assert.False(streamed.Reported);
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public void Validate_LogprobsOnAKindOtherThanOpenAi_NamesTheSetting(string kind)
    {
        var options = new ProviderOptions { Name = "p", Kind = kind, Model = "m", Logprobs = true };

        Assert.Contains(options.Validate(), p => p.Contains("logprobs", StringComparison.Ordinal) && p.Contains("'p'", StringComparison.Ordinal));
        Assert.Empty(new ProviderOptions { Name = "p", Kind = "openai", Model = "m", Logprobs = true }.Validate());
    }
}
