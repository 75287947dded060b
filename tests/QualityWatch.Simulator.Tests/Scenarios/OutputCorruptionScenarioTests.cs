using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Scenarios;

public sealed class OutputCorruptionScenarioTests
{
    private static readonly TimeSpan WindowStart = TimeSpan.FromDays(1);
    private static readonly TimeSpan WindowLength = TimeSpan.FromDays(3);

    internal static bool HasThaiOrChinese(string text) =>
        text.Any(c => c is >= '\u0E00' and <= '\u0E7F' || c is >= '\u4E00' and <= '\u9FFF');

    [Theory]
    [InlineData(Protocol.OpenAiSdk)]
    [InlineData(Protocol.AnthropicSdk)]
    [InlineData(Protocol.GeminiHttp)]
    public async Task OutputCorruption_StrayThaiChineseCharacters_OnlyInsideItsWindow(Protocol protocol)
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.OutputCorruption, WindowStart, WindowLength, parameters: new(StringComparer.OrdinalIgnoreCase) { ["Share"] = 0.1 }));
        using var driver = new ScenarioDriver(host);

        async Task<(int Corrupted, int Total)> CountAt(TimeSpan from, int minutes)
        {
            var corrupted = 0;
            var total = 0;
            for (var minute = 0; minute < minutes; minute++)
            {
                host.Clock.SetTime(Sim.Start + from + TimeSpan.FromMinutes(minute));
                for (var i = 0; i < 20; i++)
                {
                    var outcome = await driver.AskAsync(protocol, $"Describe step {i} of the onboarding checklist.");
                    Assert.Equal(200, outcome.Status);
                    total++;
                    corrupted += HasThaiOrChinese(outcome.Text) ? 1 : 0;
                }
            }

            return (corrupted, total);
        }

        var before = await CountAt(WindowStart - TimeSpan.FromHours(2), 10);
        var inside = await CountAt(WindowStart + TimeSpan.FromHours(30), 25);
        var after = await CountAt(WindowStart + WindowLength + TimeSpan.FromMinutes(5), 10);

        Assert.Equal(0, before.Corrupted);
        Assert.Equal(0, after.Corrupted);
        Assert.InRange(inside.Corrupted / (double)inside.Total, 0.06, 0.14);
    }

    [Fact]
    public async Task OutputCorruption_CodeAnswers_GetSyntaxErrorsNotStrayCharacters()
    {
        var book = InMemoryGoldenBook.Create(arithmetic: 0, longContext: 0, code: 10, general: 0);
        await using var host = await Sim.StartAsync(book, Sim.Scenario(ScenarioNames.OutputCorruption, TimeSpan.Zero, WindowLength, parameters: new(StringComparer.OrdinalIgnoreCase) { ["Share"] = 0.2 }));
        using var driver = new ScenarioDriver(host);
        var broken = 0;
        var total = 0;
        for (var minute = 0; minute < 30; minute++)
        {
            host.Clock.SetTime(Sim.Start + TimeSpan.FromMinutes(minute));
            foreach (var (prompt, _) in book.Cases)
            {
                var outcome = await driver.AskAsync(Protocol.OpenAiSdk, prompt);
                total++;
                Assert.False(HasThaiOrChinese(outcome.Text));
                broken += outcome.Text.Count(c => c == '(') != outcome.Text.Count(c => c == ')') ? 1 : 0;
            }
        }

        Assert.InRange(broken / (double)total, 0.12, 0.28);
    }
}
