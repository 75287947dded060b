using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Scenarios;

/// <summary>topk-miscompile and silent-model-swap: quality changes with no errors.</summary>
public sealed class AccuracyScenarioTests
{
    private static async Task<List<(bool Correct, bool Identical)>> AnswersAsync(SimulatorHost host, InMemoryGoldenBook book, int minutes)
    {
        using var driver = new ScenarioDriver(host);
        var results = new List<(bool Correct, bool Identical)>();
        var index = 0;
        for (var minute = 0; minute < minutes; minute++)
        {
            host.Clock.SetTime(Sim.Start + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(minute));
            foreach (var (prompt, golden) in book.Cases)
            {
                var outcome = await driver.AskAsync((Protocol)(index++ % 3), prompt);
                Assert.Equal(200, outcome.Status);
                // Scored as canaries score (trimmed); identical means the very same bytes as the usual answer.
                results.Add((outcome.Text?.Trim() == golden.CorrectAnswer, outcome.Text == golden.CorrectAnswer));
            }
        }

        return results;
    }

    [Fact]
    public async Task TopKMiscompile_Over1200GoldenCalls_AccuracyDropsAboutThreePointsAndRightAnswersStopBeingIdentical()
    {
        var book = InMemoryGoldenBook.Create(arithmetic: 30, longContext: 10, code: 10, general: 10);
        await using var healthy = await Sim.StartAsync(book);
        await using var faulty = await Sim.StartAsync(book, Sim.Scenario(ScenarioNames.TopKMiscompile, TimeSpan.FromMinutes(30), TimeSpan.FromDays(2)));

        var baseline = await AnswersAsync(healthy, book, 20);
        var degraded = await AnswersAsync(faulty, book, 20);

        Assert.Equal(1200, baseline.Count);
        var drop = (baseline.Count(a => a.Correct) - degraded.Count(a => a.Correct)) / 1200.0;
        Assert.InRange(drop, 0.018, 0.045);

        // Same seed, same draws: the fault only ever turns a correct answer wrong, never the reverse.
        Assert.DoesNotContain(Enumerable.Range(0, 1200), i => degraded[i].Correct && !baseline[i].Correct);
        Assert.Equal(0.03, faulty.GetState().Models[0].Faults.Single().Intensity, 9);

        // At temperature 0 a healthy model's right answers are always the same bytes; under the fault about 15 % of them
        // end with the newline emitted in place of the dropped end-of-sequence token, and still score right.
        Assert.All(baseline.Where(a => a.Correct), a => Assert.True(a.Identical));
        var right = degraded.Where(a => a.Correct).ToList();
        Assert.InRange(right.Count(a => !a.Identical) / (double)right.Count, 0.10, 0.20);
    }

    [Fact]
    public async Task SilentModelSwap_ChangesFingerprintTemperatureZeroAnswersAndLength()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.SilentModelSwap, TimeSpan.FromHours(6), null, "gpt-4o-mini"));
        await using var twin = await Sim.StartAsync(null);
        using var driver = new ScenarioDriver(host);
        using var twinDriver = new ScenarioDriver(twin);
        var prompts = Enumerable.Range(0, 60).Select(i => $"Write a short product blurb for gadget number {i}.").ToArray();

        async Task<List<CallOutcome>> AskAllAsync(ScenarioDriver d, SimulatorHost h, TimeSpan at)
        {
            h.Clock.SetTime(Sim.Start + at);
            var outcomes = new List<CallOutcome>();
            foreach (var prompt in prompts)
            {
                outcomes.Add(await d.AskAsync(Protocol.OpenAiSdk, prompt));
            }

            return outcomes;
        }

        var before = await AskAllAsync(driver, host, TimeSpan.FromHours(5));
        var beforeTwin = await AskAllAsync(twinDriver, twin, TimeSpan.FromHours(5));
        var during = await AskAllAsync(driver, host, TimeSpan.FromHours(8));
        var duringTwin = await AskAllAsync(twinDriver, twin, TimeSpan.FromHours(8));

        Assert.All(before, o => Assert.Equal("fp_0ba0d124f1", o.Fingerprint));
        Assert.Equal(before.Select(o => o.Text), beforeTwin.Select(o => o.Text));
        var swappedFingerprint = Assert.Single(during.Select(o => o.Fingerprint).Distinct());
        Assert.NotEqual("fp_0ba0d124f1", swappedFingerprint);
        Assert.All(duringTwin, o => Assert.Equal("fp_0ba0d124f1", o.Fingerprint));
        Assert.All(Enumerable.Range(0, prompts.Length), i => Assert.NotEqual(duringTwin[i].Text, during[i].Text));
        var lengthRatio = during.Average(o => o.OutputTokens) / duringTwin.Average(o => o.OutputTokens);
        Assert.InRange(lengthRatio, 1.3, 2.0);

        // The other models keep their model.
        var claude = await driver.AskAsync(Protocol.AnthropicSdk, prompts[0]);
        var claudeTwin = await twinDriver.AskAsync(Protocol.AnthropicSdk, prompts[0]);
        Assert.Equal(claudeTwin.Text, claude.Text);
        Assert.Equal(swappedFingerprint, host.GetState().Models.Single(m => m.Name == "gpt-4o-mini").Fingerprint);
    }

    [Fact]
    public async Task Answers_SameSeedPromptModelAndSlotAtTemperatureZero_AreIdenticalAcrossHostsAndCalls()
    {
        var book = InMemoryGoldenBook.Create();
        await using var first = await Sim.StartAsync(book);
        await using var second = await Sim.StartAsync(book);
        using var a = new ScenarioDriver(first);
        using var b = new ScenarioDriver(second);

        foreach (var protocol in new[] { Protocol.OpenAiSdk, Protocol.AnthropicSdk, Protocol.GeminiHttp })
        {
            foreach (var (prompt, _) in book.Cases.Take(10).Append(("An unknown prompt about gardens.", null!)))
            {
                var one = await a.AskAsync(protocol, prompt);
                var again = await a.AskAsync(protocol, prompt);
                var other = await b.AskAsync(protocol, prompt);
                Assert.Equal(one.Text, again.Text);
                Assert.Equal(one.Text, other.Text);
            }
        }
    }
}
