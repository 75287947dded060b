using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Scenarios;

/// <summary>A seeded replay gives the same outcomes whatever order its (concurrent) requests arrive in.</summary>
public sealed class ReplayScenarioTests
{
    [Fact]
    public async Task Outcomes_DependOnWhatEachCallIs_NotOnTheOrderTheCallsArriveIn()
    {
        // An error burst and the routing bug at once: per-call draws decide the errors and, for callers without a
        // user key, the serving pool. Each prompt is asked twice: identical calls get their draws by occurrence.
        var errors = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["ErrorRate"] = 0.4 };
        ScenarioOptions[] scenarios =
        [
            Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.Zero, null, parameters: errors),
            Sim.Scenario(ScenarioNames.RoutingBug, TimeSpan.Zero, TimeSpan.FromHours(2)),
        ];
        var prompts = Enumerable.Range(0, 40).Select(i => $"Summarise meeting {i}.").SelectMany(p => new[] { p, p }).ToList();

        async Task<Dictionary<string, string[]>> AskAllAsync(IEnumerable<string> order)
        {
            await using var host = await Sim.StartAsync(null, scenarios);
            using var driver = new ScenarioDriver(host);
            host.Clock.SetTime(Sim.Start + TimeSpan.FromHours(1.9));
            var outcomes = new List<(string Prompt, string Outcome)>();
            foreach (var prompt in order)
            {
                var outcome = await driver.AskAsync(Protocol.AnthropicSdk, prompt);
                outcomes.Add((prompt, $"{outcome.Status} {outcome.Pool} {outcome.LatencyMs} {outcome.Text}"));
            }

            return outcomes.GroupBy(o => o.Prompt).ToDictionary(g => g.Key, g => g.Select(o => o.Outcome).Order(StringComparer.Ordinal).ToArray());
        }

        var forward = await AskAllAsync(prompts);
        var backward = await AskAllAsync(Enumerable.Reverse(prompts));

        // The draws matter here: some calls fail, some are served by the long-context pool.
        var all = forward.Values.SelectMany(o => o).ToList();
        Assert.Contains(all, o => !o.StartsWith("200 ", StringComparison.Ordinal));
        Assert.Contains(all, o => o.Contains(" long-context ", StringComparison.Ordinal));
        Assert.Equal(forward.Keys.Order(StringComparer.Ordinal), backward.Keys.Order(StringComparer.Ordinal));
        foreach (var (prompt, outcomes) in forward)
        {
            Assert.Equal(outcomes, backward[prompt]);
        }
    }
}
