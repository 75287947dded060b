using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using QualityWatch.Simulator.Engine;
using QualityWatch.Simulator.Tests.TestSupport;
using Xunit.Abstractions;

namespace QualityWatch.Simulator.Tests.Fingerprints;

/// <summary>
/// The detection engine's model-identity fingerprint on answers the simulator's engine writes for its four default
/// models: 16 strict golden cases and 24 free-form ones a round, a round every 10 virtual minutes, no system
/// fingerprint reported. The simulator draws temperature-0 answers afresh every virtual minute, so free-form answers
/// change every round; the answer-change signature is turned off here (it would read that as a swap), leaving the
/// fingerprint to tell models apart by their habits.
/// </summary>
public sealed class ModelFingerprintSimulatorTests(ITestOutputHelper output)
{
    private const int WarmupRounds = 30;

    private static readonly string[] Models = ["gpt-4o-mini", "gpt-4.1", "claude-sonnet-4", "gemini-2.5-flash"];

    private static readonly string[] FreeForm =
    [
        .. Enumerable.Range(0, 24).Select(i => $"Explain briefly, for a new engineer, how {Topics[i % Topics.Length]} work in production (note {i}).")
    ];

    private static string[] Topics => ["caches", "rate limits", "indexes", "queues", "retries", "feature flags", "load balancers", "connection pools"];

    [Fact]
    public void Healthy_simulated_models_raise_no_fingerprint_finding_over_300_rounds()
    {
        var (engine, book) = Start();
        var detection = new DetectionEngine(Options());
        var findings = new List<Finding>();
        double highest = 0;
        for (int round = 1; round <= 300; round++)
        {
            findings.AddRange(detection.Process([], Round(engine, book, round), Sim.Start.AddMinutes(10 * round)).Findings);
            if (round > WarmupRounds)
            {
                highest = Math.Max(highest, detection.Scores.Where(s => s.Detector == "model-fingerprint").DefaultIfEmpty().Max(s => s?.Value ?? 0));
            }
        }

        output.WriteLine($"48,000 healthy simulated answers; highest fingerprint statistic as a share of its threshold after warm-up: {highest:F3}");
        Assert.DoesNotContain(findings, f => f.Detector == "model-fingerprint");
        Assert.Equal(4, detection.Scores.Count(s => s.Detector == "model-fingerprint"));
    }

    /// <summary>
    /// The in-control run length on healthy simulated answers: at a stated ARL₀ of 200 answers the threshold log(200)
    /// bounds the false-alarm rate by one in 200 answers; over 41,600 healthy answers after warm-up that is at most 208
    /// alarms (each opens an episode, so findings count alarms).
    /// </summary>
    [Fact]
    public void At_a_stated_ARL0_of_200_answers_healthy_simulated_models_alarm_no_more_often_than_that()
    {
        var (engine, book) = Start();
        var options = Options();
        options.ModelFingerprintArl0 = 200;
        var detection = new DetectionEngine(options);
        int alarms = 0;
        for (int round = 1; round <= 300; round++)
        {
            var raised = detection.Process([], Round(engine, book, round), Sim.Start.AddMinutes(10 * round)).Findings;
            alarms += round > 40 ? raised.Count(f => f.Detector == "model-fingerprint") : 0;
        }

        output.WriteLine($"{alarms} fingerprint alarms in 41,600 healthy answers at ARL0 200 (bound: 208)");
        Assert.True(alarms <= 41_600 / 200, $"{alarms} alarms");
    }

    [Theory]
    [InlineData("gpt-4o-mini", "gpt-4.1", 1.0, 1)]
    [InlineData("gpt-4.1", "claude-sonnet-4", 1.0, 1)]
    [InlineData("claude-sonnet-4", "gemini-2.5-flash", 1.0, 1)]
    [InlineData("gemini-2.5-flash", "gpt-4o-mini", 1.0, 1)]
    [InlineData("gpt-4o-mini", "gpt-4.1", 0.3, 3)]
    [InlineData("gpt-4.1", "claude-sonnet-4", 0.3, 3)]
    [InlineData("claude-sonnet-4", "gemini-2.5-flash", 0.3, 3)]
    [InlineData("gemini-2.5-flash", "gpt-4o-mini", 0.3, 3)]
    public void A_silent_swap_of_the_simulator_is_found_within_the_stated_rounds_and_names_the_model_it_resembles(string model, string impostor, double share, int withinRounds)
    {
        var swap = Sim.Scenario(ScenarioNames.SilentModelSwap, TimeSpan.FromMinutes(10 * WarmupRounds) + TimeSpan.FromMinutes(5), null, model,
            new(StringComparer.OrdinalIgnoreCase) { ["Share"] = share, ["KeepFingerprint"] = 1 });
        var (engine, book) = Start(swap);
        var detection = new DetectionEngine(Options());
        var findings = new List<Finding>();
        int? detectedIn = null;
        for (int round = 1; round <= WarmupRounds + 10; round++)
        {
            var raised = detection.Process([], Round(engine, book, round), Sim.Start.AddMinutes(10 * round)).Findings;
            Assert.True(round > WarmupRounds || raised.Count == 0, $"round {round} raised {string.Join("; ", raised.Select(f => f.Summary))}");
            if (raised.Any(f => f.Kind == FindingKinds.ModelSwap))
            {
                detectedIn ??= round - WarmupRounds;
            }

            findings.AddRange(raised);
        }

        var finding = Assert.Single(findings, f => f.Kind == FindingKinds.ModelSwap);
        output.WriteLine($"{model} ← {impostor}, share {share}: detected in swapped round {detectedIn} after {finding.Current.SampleSize} answers of the excursion: {finding.Summary}");
        Assert.Equal("model-fingerprint", finding.Detector);
        Assert.Equal(model, finding.Series.Model);
        Assert.InRange(detectedIn!.Value, 1, withinRounds);
        // The model's successor in the default list, whose habits the swap serves.
        Assert.Contains($"which look most like sim/{impostor}", finding.Summary, StringComparison.Ordinal);
    }

    private static DetectionEngineOptions Options() => new() { ModelSwapMinimumCases = 10_000 };

    private static (ModelEngine Engine, InMemoryGoldenBook Book) Start(params ScenarioOptions[] scenarios)
    {
        var book = InMemoryGoldenBook.Create(arithmetic: 16, longContext: 0, code: 0, general: 0);
        return (new ModelEngine(Sim.Options(scenarios), book, Sim.Start), book);
    }

    private static List<CanaryResult> Round(ModelEngine engine, InMemoryGoldenBook book, int round)
    {
        var at = Sim.Start.AddMinutes(10 * round);
        var results = new List<CanaryResult>();
        foreach (var model in Models)
        {
            var prompts = book.Cases.Select(c => (c.Prompt, Id: c.Answer.CaseId, Golden: true)).Concat(FreeForm.Select((p, i) => (Prompt: p, Id: $"explain-{i:D2}", Golden: false)));
            foreach (var (prompt, id, golden) in prompts)
            {
                var reply = engine.Answer(new SimulatedRequest(WireProtocol.OpenAi, model, prompt, prompt.Length, 1, null, 0, null, null), at);
                results.Add(new CanaryResult(
                    "sim-run", round, at, "sim", model, golden ? "golden" : "style", id, golden ? "arithmetic" : "style",
                    !golden || reply.Correct == true ? CanaryOutcome.Passed : CanaryOutcome.Failed,
                    reply.Latency, reply.TimeToFirstToken, reply.InputTokens, reply.OutputTokens, 0m, "stop", null,
                    "an answer", reply.Text, [], SystemFingerprint: null, new Dictionary<string, string>()));
            }
        }

        return results;
    }
}
