using Microsoft.Extensions.Time.Testing;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Tests.TestSupport;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Canaries.Tests.Running;

/// <summary>The runner against the real simulator through each adapter (OpenAI SDK, Anthropic SDK, Gemini REST).</summary>
public sealed class CanaryRunnerSimulatorTests
{
    private static readonly SuiteLoadResult Shipped = SuiteLoader.LoadDirectory(RepositoryPaths.Canaries);
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("openai", true)]
    [InlineData("anthropic", true)]
    [InlineData("gemini", true)]
    [InlineData("openai", false)]
    public async Task RunRoundAsync_CorrectSimulatedModel_PassesEveryShippedCase(string kind, bool streaming)
    {
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook(Shipped.Suites));
        var target = SimulatedProviders.Target(kind, host);
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = Shipped.Suites, Targets = [target], Streaming = streaming, TimeProvider = new FakeTimeProvider(Start) });

        var results = await runner.RunRoundAsync(1, CancellationToken.None);

        Assert.Equal(Shipped.Cases.Sum(c => c.Repeat), results.Count);
        var failures = results.Where(r => r.Outcome != CanaryOutcome.Passed).Select(r => $"{r.Suite}/{r.CaseId}: {r.Outcome} {r.ErrorType} {string.Join("; ", r.FailureReasons)}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.All(results, r =>
        {
            Assert.Equal(target.Options.Name, r.Provider);
            Assert.Equal(SimulatedProviders.Model, r.Model);
            Assert.Equal(1, r.Round);
            Assert.Equal(Start, r.Timestamp);
            Assert.True(r.InputTokens > 0 && r.OutputTokens > 0);
            Assert.Equal(target.Options.CostOf(r.InputTokens!.Value, r.OutputTokens!.Value), r.Cost);
            Assert.True(r.Cost > 0);
            Assert.Equal("stop", r.FinishReason);
            Assert.Equal("test-region", r.Labels["region"]);
            Assert.Equal(streaming, r.TimeToFirstToken is not null);
        });
        Assert.Contains(results, r => r.Category == "long-context" && r.InputTokens > 15_000);
        if (kind == "openai")
        {
            Assert.All(results, r => Assert.Equal("fp_canary_sim", r.SystemFingerprint));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task RunRoundAsync_WithSessions_SendsEveryCaseUnderEverySessionOnceInThatManyRounds(int sessions)
    {
        var suites = Shipped.Suites.Where(s => s.Name is "arithmetic").ToList();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook(suites));
        var target = SimulatedProviders.Target("openai", host);
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = suites, Targets = [target], Sessions = sessions, TimeProvider = new FakeTimeProvider(Start) });

        var results = new List<CanaryResult>();
        for (var round = 1; round <= 4; round++)
        {
            results.AddRange(await runner.RunRoundAsync(round, CancellationToken.None));
        }

        if (sessions == 0)
        {
            Assert.All(results, r => Assert.Null(r.Session));
            return;
        }

        var identities = Enumerable.Range(0, sessions).Select(i => CanarySessions.Identity(target.Options.Name, i)).ToList();
        Assert.All(results.GroupBy(r => (r.Suite, r.CaseId, r.Labels.GetValueOrDefault("repeat"))), calls =>
            Assert.Equal(identities, calls.Select(r => r.Session!).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task RunRoundAsync_WrongModel_RecordsQualityFailuresWithReasons()
    {
        var suites = Shipped.Suites.Where(s => s.Name is "arithmetic" or "multilingual").ToList();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook(suites), accuracy: 0);
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = suites, Targets = [SimulatedProviders.Target("anthropic", host)] });

        var results = await runner.RunRoundAsync(1, CancellationToken.None);

        Assert.All(results, r =>
        {
            Assert.Equal(CanaryOutcome.Failed, r.Outcome);
            Assert.NotEmpty(r.FailureReasons);
            Assert.Null(r.ErrorType);
            Assert.NotNull(r.Actual);
        });
    }

    [Fact]
    public async Task RunRoundAsync_OneProviderReturns503s_IsUnavailableNotFailed_AndTheOthersCarryOn()
    {
        var suites = Shipped.Suites.Where(s => s.Name == "arithmetic").ToList();
        var book = new SuiteAnswerBook(suites);
        await using var healthy = await SimulatedProviders.StartAsync(book);
        await using var broken = await SimulatedProviders.StartAsync(book, 1, SimulatedProviders.ErrorBurst());
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            Suites = suites,
            Targets =
            [
                SimulatedProviders.Target("openai", broken, "broken-openai"),
                SimulatedProviders.Target("gemini", broken, "broken-gemini"),
                SimulatedProviders.Target("openai", healthy, "healthy"),
            ],
        });

        var results = await runner.RunRoundAsync(1, CancellationToken.None);

        var brokenResults = results.Where(r => r.Provider.StartsWith("broken", StringComparison.Ordinal)).ToList();
        Assert.Equal(100, brokenResults.Count);
        Assert.All(brokenResults, r =>
        {
            Assert.Equal(CanaryOutcome.Unavailable, r.Outcome);
            Assert.Empty(r.FailureReasons);
            Assert.Equal(0m, r.Cost);
            Assert.Contains(r.ErrorType, new[] { "503", "500", "429" });
        });
        Assert.Contains(brokenResults, r => r.ErrorType == "503");
        Assert.All(results.Where(r => r.Provider == "healthy"), r => Assert.Equal(CanaryOutcome.Passed, r.Outcome));
        Assert.Equal(50, results.Count(r => r.Provider == "healthy"));
    }

    [Fact]
    public async Task RunRoundAsync_ProviderDown_CircuitOpensAndLaterCallsAreNotSent()
    {
        var suites = Shipped.Suites.Where(s => s.Name == "arithmetic").ToList();
        await using var broken = await SimulatedProviders.StartAsync(new SuiteAnswerBook(suites), 1, SimulatedProviders.ErrorBurst());
        var target = SimulatedProviders.Target("anthropic", broken, configure: o =>
        {
            o.MaxConcurrency = 1;
            o.CircuitMinimumThroughput = 5;
            o.CircuitBreakSeconds = 300;
        });
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = suites, Targets = [target] });

        var results = await runner.RunRoundAsync(1, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(CanaryOutcome.Unavailable, r.Outcome));
        Assert.Equal(5, results.Count(r => r.ErrorType != "circuit_open"));
        Assert.Equal(45, results.Count(r => r.ErrorType == "circuit_open"));
    }

    [Fact]
    public async Task RunRoundAsync_DailyTokenBudget_IsNeverExceededAndResetsNextDay()
    {
        var suites = Shipped.Suites.Where(s => s.Name == "long-context").ToList();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook(suites));
        var clock = new FakeTimeProvider(Start);
        var target = SimulatedProviders.Target("openai", host, configure: o => o.DailyTokenBudget = 100_000);
        var budget = new ProviderBudgetLedger();
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = suites, Targets = [target], TimeProvider = clock, Budget = budget });

        var first = await runner.RunRoundAsync(1, CancellationToken.None);
        var second = await runner.RunRoundAsync(2, CancellationToken.None);

        var used = first.Concat(second).Sum(r => r.InputTokens!.Value + r.OutputTokens!.Value);
        Assert.True(used <= 100_000, $"used {used}");
        Assert.Equal(used, budget.Spent(target.Options.Name, Start).Tokens);
        Assert.InRange(first.Count, 1, suites[0].Cases.Count - 1);
        Assert.True(runner.SkippedForBudget >= suites[0].Cases.Count);

        clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await runner.RunRoundAsync(3, CancellationToken.None);

        // Which cases fit depends on how reservations and settlements interleave, so the count may differ from day one.
        var usedNextDay = nextDay.Sum(r => r.InputTokens!.Value + r.OutputTokens!.Value);
        Assert.InRange(nextDay.Count, 1, suites[0].Cases.Count - 1);
        Assert.True(usedNextDay <= 100_000, $"used {usedNextDay}");
        Assert.Equal(usedNextDay, budget.Spent(target.Options.Name, clock.GetUtcNow()).Tokens);
    }

    [Fact]
    public async Task RunRoundAsync_DailyCostBudget_StopsSpendingBeforeTheLimit()
    {
        var suites = Shipped.Suites.Where(s => s.Name == "arithmetic").ToList();
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook(suites));
        var target = SimulatedProviders.Target("gemini", host, configure: o =>
        {
            o.InputPricePerMillion = 1000m;
            o.OutputPricePerMillion = 1000m;
            o.DailyCostBudget = 0.5m;
        });
        var runner = new CanaryRunner(new CanaryRunnerOptions { Suites = suites, Targets = [target] });

        var results = await runner.RunRoundAsync(1, CancellationToken.None);

        Assert.True(results.Sum(r => r.Cost) <= 0.5m, $"spent {results.Sum(r => r.Cost)}");
        Assert.InRange(results.Count, 1, 49);
        Assert.Equal(50 - results.Count, runner.SkippedForBudget);
    }
}
