using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Scenarios;

public sealed class RoutingBugScenarioTests
{
    private static readonly TimeSpan BugStart = TimeSpan.FromHours(1);
    private static readonly TimeSpan BugLength = TimeSpan.FromHours(10);

    [Fact]
    public async Task RoutingBug_AnthropicSdk_MisroutedShareFollowsTimelineStickyPerUserWithoutErrors()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.RoutingBug, BugStart, BugLength, "claude-sonnet-4"));
        using var driver = new ScenarioDriver(host);
        var users = Enumerable.Range(0, 600).Select(i => $"user-{i}").ToArray();

        async Task<HashSet<string>> MisroutedAt(TimeSpan offset)
        {
            host.Clock.SetTime(Sim.Start + offset);
            var misrouted = new HashSet<string>();
            foreach (var user in users)
            {
                var outcome = await driver.AskAsync(Protocol.AnthropicSdk, "Summarise the meeting notes.", user);
                Assert.Equal(200, outcome.Status);
                if (outcome.Pool == "long-context")
                {
                    misrouted.Add(user);
                }
            }

            return misrouted;
        }

        var before = await MisroutedAt(TimeSpan.FromMinutes(30));
        var early = await MisroutedAt(BugStart + TimeSpan.FromMinutes(1));
        var middle = await MisroutedAt(BugStart + (BugLength * 0.5));
        var worst = await MisroutedAt(BugStart + (BugLength * 0.95));
        var after = await MisroutedAt(BugStart + BugLength + TimeSpan.FromMinutes(1));

        Assert.Empty(before);
        Assert.Empty(after);
        Assert.InRange(early.Count / 600.0, 0.0, 0.025);
        Assert.InRange(middle.Count / 600.0, 0.084 - 0.035, 0.084 + 0.035);
        Assert.InRange(worst.Count / 600.0, 0.152 - 0.045, 0.152 + 0.045);

        // Sticky: a user on the wrong pool stays there as the share grows.
        Assert.Subset(worst, middle);
        Assert.Subset(middle, early);

        host.Clock.SetTime(Sim.Start + BugStart + (BugLength * 0.95));
        var state = host.GetState();
        var fault = Assert.Single(state.Models.Single(m => m.Name == "claude-sonnet-4").Faults);
        Assert.Equal(ScenarioNames.RoutingBug, fault.Scenario);
        Assert.Empty(state.Models.Single(m => m.Name == "gpt-4o-mini").Faults);
    }

    [Fact]
    public async Task RoutingBug_StateIntensity_IsTheLinearShareFrom0_8To16Percent()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.RoutingBug, BugStart, BugLength));
        host.Clock.SetTime(Sim.Start + BugStart + (BugLength * 0.25));

        var fault = host.GetState().Models[0].Faults.Single();

        Assert.Equal(0.008 + ((0.16 - 0.008) * 0.25), fault.Intensity, 9);
        Assert.Equal(Sim.Start + BugStart, fault.StartedAt);
        Assert.Equal(Sim.Start + BugStart + BugLength, fault.EndsAt);
    }

    [Fact]
    public async Task RoutingBug_MisroutedUsers_AreWorseOnLongContextGoldenPromptsOnly()
    {
        var book = InMemoryGoldenBook.Create(arithmetic: 20, longContext: 20, code: 0, general: 0);
        await using var host = await Sim.StartAsync(book, Sim.Scenario(ScenarioNames.RoutingBug, TimeSpan.Zero, null, parameters: new(StringComparer.OrdinalIgnoreCase) { ["StartShare"] = 0.5, ["EndShare"] = 0.5 }));
        using var driver = new ScenarioDriver(host);
        var tally = new Dictionary<(string Pool, string Category), (int Correct, int Total)>();
        var index = 0;
        for (var minute = 0; minute < 15; minute++)
        {
            host.Clock.SetTime(Sim.Start + TimeSpan.FromMinutes(minute));
            foreach (var (prompt, golden) in book.Cases)
            {
                var protocol = (Protocol)(index % 3);
                var outcome = await driver.AskAsync(protocol, prompt, user: $"u{index++}");
                Assert.Equal(200, outcome.Status);
                var key = (outcome.Pool!, golden.Category);
                var (correct, total) = tally.GetValueOrDefault(key);
                tally[key] = (correct + (outcome.Text == golden.CorrectAnswer ? 1 : 0), total + 1);
            }
        }

        double Accuracy(string pool, string category) => (double)tally[(pool, category)].Correct / tally[(pool, category)].Total;
        Assert.InRange(Accuracy("long-context", "long-context"), 0.30, 0.60);
        Assert.InRange(Accuracy("primary", "long-context"), 0.85, 1.0);
        Assert.InRange(Accuracy("long-context", "arithmetic"), 0.88, 1.0);
    }
}
