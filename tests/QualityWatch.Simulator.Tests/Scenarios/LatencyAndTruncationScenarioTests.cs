using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Scenarios;

public sealed class LatencyAndTruncationScenarioTests
{
    private static async Task<(double P50, double P95)> LatencyAt(SimulatorHost host, ScenarioDriver driver, TimeSpan at, Protocol protocol)
    {
        host.Clock.SetTime(Sim.Start + at);
        var samples = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var outcome = await driver.AskAsync(protocol, $"Summarise ticket {i % 30}.");
            Assert.Equal(200, outcome.Status);
            samples.Add(outcome.LatencyMs!.Value);
        }

        samples.Sort();
        return (samples[150], samples[284]);
    }

    [Theory]
    [InlineData(Protocol.OpenAiSdk)]
    [InlineData(Protocol.GeminiHttp)]
    public async Task LatencyDrift_MediansAndP95CreepToTwiceBaselineOverTheWindow(Protocol protocol)
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.LatencyDrift, TimeSpan.FromHours(1), TimeSpan.FromHours(12)));
        using var driver = new ScenarioDriver(host);

        var baseline = await LatencyAt(host, driver, TimeSpan.FromMinutes(30), protocol);
        var halfway = await LatencyAt(host, driver, TimeSpan.FromHours(7), protocol);
        var end = await LatencyAt(host, driver, TimeSpan.FromHours(13) - TimeSpan.FromMinutes(1), protocol);
        var after = await LatencyAt(host, driver, TimeSpan.FromHours(14), protocol);

        Assert.InRange(halfway.P50 / baseline.P50, 1.3, 1.7);
        Assert.InRange(end.P50 / baseline.P50, 1.75, 2.25);
        Assert.InRange(end.P95 / baseline.P95, 1.6, 2.5);
        Assert.InRange(after.P50 / baseline.P50, 0.85, 1.15);
    }

    [Fact]
    public async Task LatencyStep_AnthropicSdk_MedianJumpsThreefoldForTheWindowOnly()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.LatencyStep, TimeSpan.FromHours(1), TimeSpan.FromHours(2), "claude-sonnet-4"));
        using var driver = new ScenarioDriver(host);

        var baseline = await LatencyAt(host, driver, TimeSpan.FromMinutes(59), Protocol.AnthropicSdk);
        var step = await LatencyAt(host, driver, TimeSpan.FromMinutes(61), Protocol.AnthropicSdk);
        var otherModel = await LatencyAt(host, driver, TimeSpan.FromMinutes(61), Protocol.OpenAiSdk);
        var otherBaseline = await LatencyAt(host, driver, TimeSpan.FromMinutes(59), Protocol.OpenAiSdk);

        Assert.InRange(step.P50 / baseline.P50, 2.6, 3.4);
        Assert.InRange(otherModel.P50 / otherBaseline.P50, 0.85, 1.15);
    }

    [Theory]
    [InlineData(Protocol.OpenAiSdk)]
    [InlineData(Protocol.AnthropicSdk)]
    [InlineData(Protocol.GeminiHttp)]
    public async Task Truncation_ShareOfAnswersStopEarlyWithLengthFinishReason(Protocol protocol)
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.Truncation, TimeSpan.FromHours(1), TimeSpan.FromHours(4)));
        using var driver = new ScenarioDriver(host);
        var twinHost = await Sim.StartAsync(null);
        await using var _ = twinHost;
        using var twin = new ScenarioDriver(twinHost);

        async Task<List<(CallOutcome Outcome, CallOutcome Healthy)>> RunAt(TimeSpan at, int calls)
        {
            host.Clock.SetTime(Sim.Start + at);
            twinHost.Clock.SetTime(Sim.Start + at);
            var results = new List<(CallOutcome, CallOutcome)>();
            for (var i = 0; i < calls; i++)
            {
                var prompt = $"Explain the refund policy for order {i}.";
                results.Add((await driver.AskAsync(protocol, prompt), await twin.AskAsync(protocol, prompt)));
            }

            return results;
        }

        var before = await RunAt(TimeSpan.FromMinutes(30), 100);
        var inside = await RunAt(TimeSpan.FromHours(2), 500);

        Assert.DoesNotContain(before, r => r.Outcome.Truncated);
        var truncated = inside.Where(r => r.Outcome.Truncated).ToList();
        Assert.InRange(truncated.Count / 500.0, 0.10, 0.20);
        Assert.All(truncated, r =>
        {
            Assert.StartsWith(r.Outcome.Text, r.Healthy.Text, StringComparison.Ordinal);
            Assert.True(r.Outcome.OutputTokens < r.Healthy.OutputTokens);
        });
        Assert.All(inside.Where(r => !r.Outcome.Truncated), r => Assert.Equal(r.Healthy.Text, r.Outcome.Text));
    }
}
