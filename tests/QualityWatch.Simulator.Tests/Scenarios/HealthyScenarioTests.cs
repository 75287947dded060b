using System.Net.Http.Json;
using System.Text.Json;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Scenarios;

public sealed class HealthyScenarioTests
{
    [Fact]
    public async Task Healthy_Over48VirtualHours_NoErrorsNoCorruptionNoTruncationNoMisroutingStableFingerprintAndLatency()
    {
        var book = InMemoryGoldenBook.Create(arithmetic: 10, longContext: 5, code: 5, general: 5);
        await using var host = await Sim.StartAsync(book, Sim.Scenario(ScenarioNames.Healthy, TimeSpan.Zero, null));
        using var driver = new ScenarioDriver(host);
        var outcomes = new List<(int Hour, CallOutcome Outcome)>();
        var correct = 0;
        for (var hour = 0; hour < 48; hour += 4)
        {
            host.Clock.SetTime(Sim.Start + TimeSpan.FromHours(hour));
            Assert.All(host.GetState().Models, m => Assert.Empty(m.Faults));
            var index = 0;
            foreach (var (prompt, golden) in book.Cases)
            {
                var outcome = await driver.AskAsync((Protocol)(index++ % 3), prompt, user: $"user-{index}");
                outcomes.Add((hour, outcome));
                correct += outcome.Text == golden.CorrectAnswer ? 1 : 0;
            }

            for (var i = 0; i < 30; i++)
            {
                outcomes.Add((hour, await driver.AskAsync((Protocol)(i % 3), $"Plan a team offsite, variant {i}.")));
            }
        }

        Assert.All(outcomes, o =>
        {
            Assert.Equal(200, o.Outcome.Status);
            Assert.False(o.Outcome.Truncated);
            Assert.Equal("primary", o.Outcome.Pool);
            Assert.False(OutputCorruptionScenarioTests.HasThaiOrChinese(o.Outcome.Text));
        });
        Assert.Single(outcomes.Where(o => o.Outcome.Fingerprint is not null).Select(o => o.Outcome.Fingerprint).Distinct());
        Assert.InRange(correct / (double)(book.Cases.Count * 12), 0.88, 1.0);

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        var firstDay = Median(outcomes.Where(o => o.Hour < 24).Select(o => o.Outcome.LatencyMs!.Value));
        var secondDay = Median(outcomes.Where(o => o.Hour >= 24).Select(o => o.Outcome.LatencyMs!.Value));
        Assert.InRange(secondDay / firstDay, 0.8, 1.25);
    }

    [Fact]
    public async Task SimState_OverHttp_ReportsClockAndActiveFaultsWithIntensity()
    {
        await using var host = await Sim.StartAsync(null,
            Sim.Scenario(ScenarioNames.LatencyDrift, TimeSpan.FromHours(1), TimeSpan.FromHours(4), "gpt-4.1"),
            Sim.Scenario(ScenarioNames.Truncation, TimeSpan.Zero, TimeSpan.FromHours(10)));
        host.Clock.SetTime(Sim.Start + TimeSpan.FromHours(3));
        using var http = new HttpClient { BaseAddress = host.BaseUrl };

        var state = await http.GetFromJsonAsync<JsonElement>("sim/state");

        Assert.Equal(Sim.Start + TimeSpan.FromHours(3), state.GetProperty("now").GetDateTimeOffset());
        Assert.Equal(0, state.GetProperty("speed").GetDouble());
        var models = state.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(4, models.Count);
        var gpt41 = models["gpt-4.1"].GetProperty("faults").EnumerateArray().ToDictionary(f => f.GetProperty("scenario").GetString()!, f => f.GetProperty("intensity").GetDouble());
        Assert.Equal(1.5, gpt41[ScenarioNames.LatencyDrift], 9);
        Assert.Equal(0.15, gpt41[ScenarioNames.Truncation], 9);
        Assert.Single(models["gemini-2.5-flash"].GetProperty("faults").EnumerateArray());
    }
}
