using Microsoft.Extensions.Time.Testing;
using QualityWatch.Canaries;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Scheduling;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Tests.TestSupport;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Canaries.Tests.Scheduling;

public sealed class CanarySchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static (CanarySuite Fast, CanarySuite Slow) Suites()
    {
        static CanarySuite Make(string name, string prompt, string answer)
        {
            var (suite, problems) = SuiteText.Parse($"suite: {name}\ncases:\n  - id: a\n    prompt: \"{prompt}\"\n    expect: {{ equals: \"{answer}\" }}\n    reference: \"{answer}\"\n");
            Assert.Empty(problems);
            return suite!;
        }

        return (Make("fast", "What is 1 + 1?", "2"), Make("slow", "What is 2 + 3?", "5"));
    }

    [Fact]
    public async Task RunDueAsync_RunsEachSuiteOnItsOwnIntervalWithinJitter()
    {
        var (fast, slow) = Suites();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([fast, slow]));
        var clock = new FakeTimeProvider(Start);
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = [fast, slow], Targets = [SimulatedProviders.Target("openai", host)], TimeProvider = clock });
        var scheduler = new CanaryScheduler(runner, new CanariesOptions
        {
            IntervalSeconds = 3600,
            SuiteIntervalSeconds = new() { ["fast"] = 60 },
            Jitter = 0.5,
            JitterSeed = 4,
        });

        var first = await scheduler.RunDueAsync(Start, CancellationToken.None);
        Assert.Equal(["fast", "slow"], first.Select(r => r.Suite).Order());
        Assert.InRange(scheduler.NextDue("fast"), Start.AddSeconds(60), Start.AddSeconds(90));
        Assert.InRange(scheduler.NextDue("slow"), Start.AddSeconds(3600), Start.AddSeconds(5400));

        Assert.Empty(await scheduler.RunDueAsync(Start.AddSeconds(59), CancellationToken.None));

        var fastRuns = new List<CanaryResult>();
        for (var minute = 1; minute <= 30; minute++)
        {
            fastRuns.AddRange(await scheduler.RunDueAsync(Start.AddMinutes(minute * 1.5), CancellationToken.None));
        }

        Assert.All(fastRuns, r => Assert.Equal("fast", r.Suite));
        Assert.InRange(fastRuns.Count, 25, 30);
        Assert.Equal(Enumerable.Range(2, fastRuns.Count), fastRuns.Select(r => r.Round));
        Assert.All(fastRuns, r => Assert.Equal(CanaryOutcome.Passed, r.Outcome));
    }

    [Fact]
    public async Task RunDueAsync_ASuiteWithACronExpression_RunsAtEachOccurrenceAndNotAtStart()
    {
        var (fast, slow) = Suites();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([fast, slow]));
        var clock = new FakeTimeProvider(Start);
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = [fast, slow], Targets = [SimulatedProviders.Target("openai", host)], TimeProvider = clock });
        var scheduler = new CanaryScheduler(runner, new CanariesOptions
        {
            IntervalSeconds = 60,
            Jitter = 0,
            SuiteCron = new() { ["slow"] = "0 */6 * * *" },
        });

        var first = await scheduler.RunDueAsync(Start.AddMinutes(7), CancellationToken.None);

        Assert.Equal(["fast"], first.Select(r => r.Suite).Distinct());
        Assert.Equal(Start.AddHours(6), scheduler.NextDue("slow"));
        Assert.DoesNotContain(await scheduler.RunDueAsync(Start.AddHours(5).AddMinutes(59), CancellationToken.None), r => r.Suite == "slow");
        Assert.Contains(await scheduler.RunDueAsync(Start.AddHours(6).AddSeconds(5), CancellationToken.None), r => r.Suite == "slow");
        Assert.Equal(Start.AddHours(12), scheduler.NextDue("slow"));
    }

    [Fact]
    public void Options_AnInvalidCronExpression_IsRefusedNamingTheSuite()
    {
        var error = Assert.Throws<ArgumentException>(() => new CanariesOptions { SuiteCron = new() { ["slow"] = "every day" } }.Validate());

        Assert.StartsWith("canaries.suite_cron.slow: 'every day' is not a cron expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunDueAsync_BudgetSharedAcrossSuites_IsNeverExceeded()
    {
        var (fast, slow) = Suites();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([fast, slow]));
        // Each call uses 8 tokens, so the 200 calls of 100 minutes need 1,600: a budget of 1,000 binds whatever the
        // timing (at 2,000 only overlapping reservations of the worst case were refused, and only sometimes).
        var target = SimulatedProviders.Target("anthropic", host, configure: o => o.DailyTokenBudget = 1_000);
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = [fast, slow], Targets = [target], TimeProvider = new FakeTimeProvider(Start) });
        var scheduler = new CanaryScheduler(runner, new CanariesOptions { IntervalSeconds = 60, Jitter = 0 });

        var all = new List<CanaryResult>();
        for (var minute = 0; minute < 100; minute++)
        {
            all.AddRange(await scheduler.RunDueAsync(Start.AddMinutes(minute), CancellationToken.None));
        }

        Assert.True(all.Sum(r => r.InputTokens!.Value + r.OutputTokens!.Value) <= 1_000);
        Assert.InRange(all.Count, 2, 125);
        Assert.True(runner.SkippedForBudget > 0);
    }

    [Fact]
    public void Constructor_BadOptions_ThrowsNamingTheSetting()
    {
        var runner = new CanaryRunner(new CanaryRunnerOptions());

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CanaryScheduler(runner, new CanariesOptions { Jitter = 2 }));

        Assert.Contains("canaries.jitter", ex.Message, StringComparison.Ordinal);
    }
}
