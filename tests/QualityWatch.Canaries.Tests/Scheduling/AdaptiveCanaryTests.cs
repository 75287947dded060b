using Microsoft.Extensions.Time.Testing;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Scheduling;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Tests.TestSupport;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Canaries.Tests.Scheduling;

/// <summary>
/// Adaptive canaries: a suite runs faster on the provider whose evidence is rising, only there, within the provider's
/// daily budget, and back on its schedule once the evidence clears — against the real simulator.
/// </summary>
public sealed class AdaptiveCanaryTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_suite_runs_four_times_as_often_on_the_provider_whose_evidence_passed_half_the_threshold_and_falls_back_when_it_clears()
    {
        var suite = Suite();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite]));
        var evidence = new SettableEvidence();
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            Suites = [suite],
            Targets = [SimulatedProviders.Target("openai", host, name: "suspect"), SimulatedProviders.Target("openai", host, name: "healthy")],
            TimeProvider = new FakeTimeProvider(Start),
        });
        // The rate alone: with one suite there is nothing else to defer, and repaying afterwards is the next test's subject.
        var scheduler = new CanaryScheduler(runner, new CanariesOptions { IntervalSeconds = 3600, Jitter = 0, AdaptiveBudgetNeutral = false }, evidence);

        var results = new List<CanaryResult>();
        results.AddRange(await scheduler.RunDueAsync(Start, CancellationToken.None));
        evidence.Set("suspect", "watch", 0.6);
        evidence.Set("healthy", "watch", 0.4);
        for (var minute = 1; minute < 120; minute++)
        {
            results.AddRange(await scheduler.RunDueAsync(Start.AddMinutes(minute), CancellationToken.None));
        }

        // Suspect: the start, every 15 minutes in between and the hourly runs (0, 15, …, 105) = 8; healthy: hourly only.
        Assert.Equal(8, results.Count(r => r.Provider == "suspect"));
        Assert.Equal(2, results.Count(r => r.Provider == "healthy"));
        Assert.Equal(6, scheduler.BoostedRuns);
        Assert.Equal(results.Count, results.Select(r => (r.Provider, r.Round)).Distinct().Count());

        evidence.Set("suspect", "watch", 0.2);
        var after = new List<CanaryResult>();
        for (var minute = 120; minute < 240; minute++)
        {
            after.AddRange(await scheduler.RunDueAsync(Start.AddMinutes(minute), CancellationToken.None));
        }

        Assert.Equal(2, after.Count(r => r.Provider == "suspect"));
        Assert.Equal(6, scheduler.BoostedRuns);
    }

    [Fact]
    public async Task NextDue_names_the_extra_run_so_a_waiting_loop_wakes_for_it()
    {
        var suite = Suite();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite]));
        var evidence = new SettableEvidence();
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = [suite], Targets = [SimulatedProviders.Target("openai", host, name: "suspect")], TimeProvider = new FakeTimeProvider(Start) });
        var scheduler = new CanaryScheduler(runner, new CanariesOptions { IntervalSeconds = 3600, Jitter = 0, AdaptiveRateMultiplier = 6 }, evidence);
        await scheduler.RunDueAsync(Start, CancellationToken.None);

        Assert.Equal(Start.AddHours(1), scheduler.NextDue());
        evidence.Set("suspect", "watch", 1);
        Assert.Equal(Start.AddMinutes(10), scheduler.NextDue());
    }

    [Fact]
    public async Task Extra_runs_stay_within_the_providers_daily_budget()
    {
        var suite = Suite();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite]));
        var evidence = new SettableEvidence();
        evidence.Set("suspect", "watch", 0.9);
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            Suites = [suite],
            Targets = [SimulatedProviders.Target("openai", host, name: "suspect", configure: o => o.DailyTokenBudget = 1_500)],
            TimeProvider = new FakeTimeProvider(Start),
        });
        // One suite has no other suite to pay for its extra runs: without neutrality only the budget holds them.
        var scheduler = new CanaryScheduler(runner, new CanariesOptions { IntervalSeconds = 600, Jitter = 0, AdaptiveRateMultiplier = 10, AdaptiveBudgetNeutral = false }, evidence);

        var results = new List<CanaryResult>();
        for (var minute = 0; minute < 300; minute++)
        {
            results.AddRange(await scheduler.RunDueAsync(Start.AddMinutes(minute), CancellationToken.None));
        }

        Assert.True(scheduler.BoostedRuns > 0);
        Assert.True(results.Sum(r => r.InputTokens!.Value + r.OutputTokens!.Value) <= 1_500);
        Assert.True(runner.SkippedForBudget > 0, "the boosted rate ran into the budget and was held there");
    }

    [Fact]
    public async Task With_a_multiplier_of_one_rising_evidence_changes_nothing()
    {
        var suite = Suite();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite]));
        var evidence = new SettableEvidence();
        evidence.Set("suspect", "watch", 1);
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = [suite], Targets = [SimulatedProviders.Target("openai", host, name: "suspect")], TimeProvider = new FakeTimeProvider(Start) });
        var scheduler = new CanaryScheduler(runner, new CanariesOptions { IntervalSeconds = 3600, Jitter = 0, AdaptiveRateMultiplier = 1 }, evidence);

        var results = new List<CanaryResult>();
        for (var minute = 0; minute < 120; minute++)
        {
            results.AddRange(await scheduler.RunDueAsync(Start.AddMinutes(minute), CancellationToken.None));
        }

        Assert.Equal(2, results.Count);
        Assert.Equal(0, scheduler.BoostedRuns);
    }

    [Theory]
    [InlineData(true, 42)]
    [InlineData(false, 48)]
    public async Task Extra_runs_on_the_suspect_are_paid_for_by_deferring_its_other_suites_unless_budget_neutrality_is_off(bool budgetNeutral, int suspectCalls)
    {
        CanarySuite[] suites = [Suite(), .. Enumerable.Range(1, 6).Select(i => Suite($"other{i}", $"What is {i} + 1?", $"{i + 1}"))];
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook(suites));
        var evidence = new SettableEvidence();
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            Suites = suites,
            Targets = [SimulatedProviders.Target("openai", host, name: "suspect"), SimulatedProviders.Target("openai", host, name: "healthy")],
            TimeProvider = new FakeTimeProvider(Start),
        });
        var scheduler = new CanaryScheduler(runner, new CanariesOptions { IntervalSeconds = 3600, Jitter = 0, AdaptiveBudgetNeutral = budgetNeutral }, evidence);

        // Six hours of seven one-call suites an hour: 42 scheduled calls per provider. "watch" is suspect until +2 h.
        var during = new List<CanaryResult>();
        during.AddRange(await scheduler.RunDueAsync(Start, CancellationToken.None));
        evidence.Set("suspect", "watch", 0.6);
        for (var minute = 1; minute <= 120; minute++)
        {
            during.AddRange(await scheduler.RunDueAsync(Start.AddMinutes(minute), CancellationToken.None));
        }

        evidence.Set("suspect", "watch", 0.2);
        var after = new List<CanaryResult>();
        for (var minute = 121; minute < 360; minute++)
        {
            after.AddRange(await scheduler.RunDueAsync(Start.AddMinutes(minute), CancellationToken.None));
        }

        var results = during.Concat(after).ToList();
        // The suspect suite still runs four times as often while suspect (0, 15, …, 120) whatever the option.
        Assert.Equal(9, during.Count(r => r.Provider == "suspect" && r.Suite == "watch"));
        Assert.Equal(6, scheduler.BoostedRuns);
        // Neutral: the six extra calls are repaid by six deferred runs of the other suites there, three at +1 h and
        // the three not deferred then at +2 h (none twice in a row), each other suite once; with nothing left to
        // repay, "watch" is back on its hourly schedule. Off: the extra calls come on top, as before the option.
        Assert.Equal(3, after.Count(r => r.Provider == "suspect" && r.Suite == "watch"));
        Assert.Equal(suspectCalls, results.Count(r => r.Provider == "suspect"));
        Assert.Equal(budgetNeutral ? 6 : 0, scheduler.DeferredRuns);
        Assert.Equal(0, scheduler.HeldRuns);
        Assert.All(suites.Skip(1), s => Assert.Equal(budgetNeutral ? 5 : 6, results.Count(r => r.Provider == "suspect" && r.Suite == s.Name)));
        // The other provider is untouched: every suite hourly.
        Assert.Equal(42, results.Count(r => r.Provider == "healthy"));
        Assert.All(suites, s => Assert.Equal(6, results.Count(r => r.Provider == "healthy" && r.Suite == s.Name)));
        Assert.Equal(results.Count, results.Select(r => (r.Provider, r.Round, r.Suite)).Distinct().Count());
    }

    private static CanarySuite Suite(string name = "watch", string prompt = "What is 1 + 1?", string answer = "2")
    {
        var (suite, problems) = SuiteText.Parse($"suite: {name}\ncases:\n  - id: a\n    prompt: \"{prompt}\"\n    expect: {{ equals: \"{answer}\" }}\n    reference: \"{answer}\"\n");
        Assert.Empty(problems);
        return suite!;
    }

    /// <summary>The detection side, set by the test: evidence per provider and suite.</summary>
    private sealed class SettableEvidence : ICanaryEvidence
    {
        private readonly Dictionary<(string Provider, string Suite), double> _values = [];

        public void Set(string provider, string suite, double value)
        {
            lock (_values)
            {
                _values[(provider, suite)] = value;
            }
        }

        public double Of(string provider, string model, string suite)
        {
            lock (_values)
            {
                return _values.GetValueOrDefault((provider, suite));
            }
        }
    }
}
