using System.Diagnostics;
using System.Text.Json;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Traffic;

public sealed class SyntheticTrafficTests
{
    private static List<Activity> Capture(string sourceName, Action produce)
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        produce();
        return spans;
    }

    [Fact]
    public void Produce_TwoVirtualHours_SpansCarryGenAiAttributesAndVirtualTimes()
    {
        var source = "qw-test-" + Guid.NewGuid().ToString("N");
        var options = Sim.Options(Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.FromHours(1), TimeSpan.FromHours(1), "gpt-4o-mini"));
        var traffic = new SyntheticTraffic(options) { SourceName = source };

        var count = 0;
        var spans = Capture(source, () => count = traffic.Produce(Sim.Start, Sim.Start + TimeSpan.FromHours(2), 12));

        Assert.Equal(1440, count);
        Assert.Equal(1440, spans.Count);
        Assert.All(spans, span =>
        {
            var model = (string)span.GetTagItem("gen_ai.request.model")!;
            Assert.Equal("chat " + model, span.DisplayName);
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
            Assert.Contains((string)span.GetTagItem("gen_ai.provider.name")!, new[] { "openai", "anthropic", "gcp.gemini" });
            Assert.NotNull(span.GetTagItem("server.address"));
            Assert.InRange(span.StartTimeUtc, Sim.Start.UtcDateTime, (Sim.Start + TimeSpan.FromHours(2)).UtcDateTime);
            Assert.True(span.Duration > TimeSpan.Zero && span.Duration < TimeSpan.FromMinutes(2));
            if (span.GetTagItem("error.type") is string errorType)
            {
                Assert.Equal("gpt-4o-mini", model);
                Assert.True(span.StartTimeUtc >= (Sim.Start + TimeSpan.FromHours(1)).UtcDateTime);
                Assert.Contains(errorType, new[] { "429", "500", "503" });
                Assert.Equal(ActivityStatusCode.Error, span.Status);
                return;
            }

            Assert.Equal(model, span.GetTagItem("gen_ai.response.model"));
            Assert.True((long)span.GetTagItem("gen_ai.usage.input_tokens")! > 0);
            Assert.True((long)span.GetTagItem("gen_ai.usage.output_tokens")! > 0);
            Assert.Single((string[])span.GetTagItem("gen_ai.response.finish_reasons")!);
            Assert.Equal(SimulatorOptions.DefaultModels().Single(m => m.Name == model).Fingerprint, span.GetTagItem("openai.response.system_fingerprint"));
            using var messages = JsonDocument.Parse((string)span.GetTagItem("gen_ai.output.messages")!);
            var message = messages.RootElement[0];
            Assert.Equal("assistant", message.GetProperty("role").GetString());
            Assert.False(string.IsNullOrEmpty(message.GetProperty("parts")[0].GetProperty("content").GetString()));
        });

        var burst = spans.Where(s => (string)s.GetTagItem("gen_ai.request.model")! == "gpt-4o-mini" && s.StartTimeUtc >= (Sim.Start + TimeSpan.FromHours(1)).UtcDateTime).ToList();
        Assert.InRange(burst.Count(s => s.GetTagItem("error.type") is not null) / (double)burst.Count, 0.18, 0.42);
        Assert.Equal(4, spans.Select(s => s.GetTagItem("gen_ai.request.model")).Distinct().Count());
    }

    [Fact]
    public void Produce_StartedAtAnotherWallTime_SendsTheSameTrafficRelativeToItsStart()
    {
        // The demo's 48 hours end "now": a replay tomorrow starts elsewhere on the calendar and must send the same calls.
        static List<string> Calls(DateTimeOffset start)
        {
            var source = "qw-test-" + Guid.NewGuid().ToString("N");
            var options = Sim.Options(Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.FromMinutes(30), null, "gpt-4o-mini"));
            options.StartTime = start;
            var traffic = new SyntheticTraffic(options) { SourceName = source };
            return Capture(source, () => traffic.Produce(start, start + TimeSpan.FromHours(1), 12))
                .Select(s => $"{(s.StartTimeUtc - start.UtcDateTime).Ticks} {s.Duration.Ticks} {s.GetTagItem("gen_ai.request.model")} {s.GetTagItem("error.type")} {s.GetTagItem("gen_ai.usage.output_tokens")} {s.GetTagItem("gen_ai.output.messages")}")
                .ToList();
        }

        var today = Calls(Sim.Start);
        var later = Calls(Sim.Start + TimeSpan.FromDays(3) + TimeSpan.FromMinutes(17));

        Assert.Equal(720, today.Count);
        Assert.Equal(today, later);
    }

    [Fact]
    public void Produce_FromHostWithCorruptionAndTruncation_ShowsStrayScriptsAndLengthFinishReasons()
    {
        var source = "qw-test-" + Guid.NewGuid().ToString("N");
        var options = Sim.Options(
            Sim.Scenario(ScenarioNames.OutputCorruption, TimeSpan.FromHours(1), null, parameters: new(StringComparer.OrdinalIgnoreCase) { ["Share"] = 0.2 }),
            Sim.Scenario(ScenarioNames.Truncation, TimeSpan.FromHours(1), null));
        var traffic = new SyntheticTraffic(options) { SourceName = source };

        var spans = Capture(source, () => traffic.Produce(Sim.Start, Sim.Start + TimeSpan.FromHours(2), 10));

        bool Stray(Activity s) => s.GetTagItem("gen_ai.output.messages") is string m && OutputCorruptionCheck(m);
        bool Length(Activity s) => s.GetTagItem("gen_ai.response.finish_reasons") is string[] r && r[0] is "length" or "max_tokens" or "MAX_TOKENS";
        var first = spans.Where(s => s.StartTimeUtc < (Sim.Start + TimeSpan.FromHours(1)).UtcDateTime).ToList();
        var second = spans.Except(first).ToList();
        Assert.DoesNotContain(first, Stray);
        Assert.DoesNotContain(first, Length);
        Assert.InRange(second.Count(Stray) / (double)second.Count, 0.05, 0.25);
        Assert.InRange(second.Count(Length) / (double)second.Count, 0.09, 0.21);
    }

    private static bool OutputCorruptionCheck(string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = document.RootElement[0].GetProperty("parts")[0].GetProperty("content").GetString()!;
        return Scenarios.OutputCorruptionScenarioTests.HasThaiOrChinese(text);
    }

    [Fact]
    public async Task ProduceAsync_FlushesEveryFlushEverySpansAndAtTheEnd()
    {
        var source = "qw-test-" + Guid.NewGuid().ToString("N");
        var traffic = new SyntheticTraffic(Sim.Options()) { SourceName = source };
        var flushedAt = new List<int>();
        var produced = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => produced++,
        };
        ActivitySource.AddActivityListener(listener);

        var count = await traffic.ProduceAsync(Sim.Start, Sim.Start + TimeSpan.FromMinutes(500), 10, _ =>
        {
            flushedAt.Add(produced);
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(5000, count);
        Assert.Equal([SyntheticTraffic.FlushEvery, 2 * SyntheticTraffic.FlushEvery, 5000], flushedAt);
    }

    [Fact]
    public async Task CreateTraffic_FromHost_SharesTheHostsScenarios()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.SilentModelSwap, TimeSpan.FromMinutes(30), null, "gemini-2.5-flash"));
        var source = "qw-test-" + Guid.NewGuid().ToString("N");
        var traffic = host.CreateTraffic(source);
        Assert.Equal(Sim.Start, traffic.ClockStart);

        var spans = Capture(source, () => traffic.Produce(Sim.Start, Sim.Start + TimeSpan.FromHours(1), 20));
        var geminiFingerprints = spans.Where(s => (string)s.GetTagItem("gen_ai.request.model")! == "gemini-2.5-flash")
            .GroupBy(s => s.StartTimeUtc >= (Sim.Start + TimeSpan.FromMinutes(30)).UtcDateTime)
            .ToDictionary(g => g.Key, g => g.Select(s => (string)s.GetTagItem("openai.response.system_fingerprint")!).Distinct().Single());

        Assert.Equal(host.GetState().Models.Single(m => m.Name == "gemini-2.5-flash").Fingerprint, geminiFingerprints[false]);
        Assert.NotEqual(geminiFingerprints[false], geminiFingerprints[true]);
    }
}
