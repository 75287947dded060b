using System.ClientModel;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Scenarios;

/// <summary>error-burst and auth-outage: the failures clients do see.</summary>
public sealed class AvailabilityScenarioTests
{
    [Theory]
    [InlineData(Protocol.OpenAiSdk, new[] { 429, 500, 503 })]
    [InlineData(Protocol.AnthropicSdk, new[] { 429, 500, 529 })]
    [InlineData(Protocol.GeminiHttp, new[] { 429, 500, 503 })]
    public async Task ErrorBurst_ErrorShareMatchesRateInsideWindowAndIsZeroOutside(Protocol protocol, int[] allowedStatuses)
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.FromHours(2), TimeSpan.FromMinutes(30)));
        using var driver = new ScenarioDriver(host);

        async Task<List<int>> StatusesAt(TimeSpan at, int calls)
        {
            host.Clock.SetTime(Sim.Start + at);
            var statuses = new List<int>();
            for (var i = 0; i < calls; i++)
            {
                statuses.Add((await driver.AskAsync(protocol, $"ping {i}")).Status);
            }

            return statuses;
        }

        var before = await StatusesAt(TimeSpan.FromHours(1), 100);
        var inside = await StatusesAt(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(10), 400);
        var after = await StatusesAt(TimeSpan.FromHours(3), 100);

        Assert.All(before, s => Assert.Equal(200, s));
        Assert.All(after, s => Assert.Equal(200, s));
        var errors = inside.Where(s => s != 200).ToList();
        Assert.InRange(errors.Count / 400.0, 0.22, 0.38);
        Assert.All(errors, s => Assert.Contains(s, allowedStatuses));
        Assert.Equal(allowedStatuses, errors.Distinct().Order());
    }

    [Fact]
    public async Task ErrorBurst_WithPeriod_FailsOnlyInTheFirstBurstMinutesOfEachPeriod()
    {
        var parameters = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["ErrorRate"] = 1, ["PeriodMinutes"] = 15, ["BurstMinutes"] = 5 };
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.FromHours(1), TimeSpan.FromHours(1), parameters: parameters));
        using var driver = new ScenarioDriver(host);

        async Task<(int Failed, double Intensity)> At(int minuteIntoScenario)
        {
            host.Clock.SetTime(Sim.Start + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(minuteIntoScenario));
            var failed = 0;
            for (var i = 0; i < 20; i++)
            {
                failed += (await driver.AskAsync(Protocol.GeminiHttp, $"ping {i}")).Status == 200 ? 0 : 1;
            }

            return (failed, host.GetState().Models[0].Faults.Single().Intensity);
        }

        Assert.Equal((20, 1.0), await At(2));
        Assert.Equal((0, 0.0), await At(7));
        Assert.Equal((20, 1.0), await At(16));
        Assert.Equal((0, 0.0), await At(29));
    }

    [Fact]
    public async Task ErrorBurst_OpenAiSdk429_CarriesRetryAfterTheSdkCanRead()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.Zero, null, parameters: new(StringComparer.OrdinalIgnoreCase) { ["ErrorRate"] = 1 }));
        var client = Sim.OpenAi(host, "gpt-4o-mini");
        for (var i = 0; i < 50; i++)
        {
            var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi " + i)]));
            if (error.Status == 429)
            {
                Assert.True(error.GetRawResponse()!.Headers.TryGetValue("retry-after", out var retryAfter));
                Assert.InRange(int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 20);
                return;
            }
        }

        Assert.Fail("no 429 in 50 calls at error rate 1");
    }

    [Fact]
    public async Task ErrorBurst_AnthropicSdk_SurfacesOverloadedAs529()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.Zero, null, parameters: new(StringComparer.OrdinalIgnoreCase) { ["ErrorRate"] = 1 }));
        var client = Sim.Anthropic(host);
        var statuses = new HashSet<int>();
        for (var i = 0; i < 40; i++)
        {
            var error = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => client.Messages.Create(new MessageCreateParams
            {
                Model = "claude-sonnet-4",
                MaxTokens = 64,
                Messages = [new UserMessageParam("hi " + i)],
            }));
            statuses.Add((int)error.StatusCode);
        }

        Assert.Contains(529, statuses);
        Assert.Contains(429, statuses);
    }

    [Fact]
    public async Task AuthOutage_OpenAiSdk_RefusesNewConnectionsOnlyAndRecoversAfterwards()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.AuthOutage, TimeSpan.FromHours(1), TimeSpan.FromHours(1)));
        using var warmHttp = new HttpClient();
        var warm = Sim.OpenAi(host, "gpt-4o-mini", warmHttp);
        await warm.CompleteChatAsync([new UserChatMessage("open the connection")]);

        host.Clock.SetTime(Sim.Start + TimeSpan.FromMinutes(90));
        await warm.CompleteChatAsync([new UserChatMessage("same keep-alive connection")]);
        using var coldHttp = new HttpClient();
        var cold = Sim.OpenAi(host, "gpt-4o-mini", coldHttp);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => cold.CompleteChatAsync([new UserChatMessage("new connection")]));
        Assert.Equal(401, refused.Status);
        Assert.Equal(1.0, host.GetState().Models[0].Faults.Single().Intensity);

        host.Clock.SetTime(Sim.Start + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        using var laterHttp = new HttpClient();
        ChatCompletion recovered = await Sim.OpenAi(host, "gpt-4o-mini", laterHttp).CompleteChatAsync([new UserChatMessage("after the outage")]);
        Assert.False(string.IsNullOrEmpty(recovered.Content[0].Text));
    }

    [Fact]
    public async Task AuthOutage_AnthropicSdk_NewConnectionGets401WhileWarmConnectionWorks()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.AuthOutage, TimeSpan.FromHours(1), TimeSpan.FromHours(1), "claude-sonnet-4"));
        var request = new MessageCreateParams { Model = "claude-sonnet-4", MaxTokens = 64, Messages = [new UserMessageParam("hi")] };
        var warm = Sim.Anthropic(host);
        await warm.Messages.Create(request);

        host.Clock.SetTime(Sim.Start + TimeSpan.FromMinutes(61));
        var stillWorks = await warm.Messages.Create(request);
        var refused = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => Sim.Anthropic(host).Messages.Create(request));

        Assert.True(stillWorks.Content[0].TryPickText(out _));
        Assert.Equal(401, (int)refused.StatusCode);
    }
}
