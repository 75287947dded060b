using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;
using QualityWatch.Gate.Canaries;
using QualityWatch.Gate.Running;
using QualityWatch.Providers;
using QualityWatch.TestSupport.Repository;
using QualityWatch.TestSupport.Simulation;

namespace QualityWatch.Gate.Tests.Canaries;

public sealed class CanaryCaseRunnerTests
{
    [Fact]
    public async Task RunAsync_OneCaseAgainstTheSimulator_ReturnsTheCanaryRunnersScoredResult()
    {
        var suites = SuiteLoader.LoadDirectory(RepositoryRoot.Canaries).Suites.Where(s => s.Name == "arithmetic").ToList();
        await using var simulator = await LoopbackSimulator.StartAsync(42, null, [], new SuiteAnswerBook(suites));
        var provider = new ProviderOptions { Name = "sim", Kind = "openai", BaseUrl = LoopbackSimulator.ProviderBaseUrl("openai", simulator), Model = "gpt-4.1", MaxRetries = 0 };
        using var runner = new CanaryCaseRunner(suites, [CanaryTarget.Create(provider)]);
        var gateCase = runner.Suites.Single().Cases[0];

        var result = await runner.RunAsync("sim", gateCase, repeat: 2, CancellationToken.None);

        Assert.Equal(("arithmetic", gateCase.CaseId, 2), (result.Suite, result.CaseId, result.Round));
        Assert.Equal("sim", result.Provider);
        Assert.NotEqual(CanaryOutcome.Unavailable, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.Actual));
        Assert.Equal(50, runner.Suites.Single().Cases.Count);
    }

    [Fact]
    public async Task RunAsync_UnknownProvider_IsAProgrammerError()
    {
        var suites = SuiteLoader.LoadDirectory(RepositoryRoot.Canaries).Suites;
        using var runner = new CanaryCaseRunner(suites, []);

        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync("nope", runner.Suites[0].Cases[0], 1, CancellationToken.None));
    }
}
