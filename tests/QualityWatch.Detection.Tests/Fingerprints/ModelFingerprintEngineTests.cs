using System.Text.Json;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using QualityWatch.Detection.Fingerprints;
using Xunit.Abstractions;

namespace QualityWatch.Detection.Tests.Fingerprints;

/// <summary>
/// The fingerprint inside the engine, on the canary answers of four configured models (<see cref="StyledModels"/>: 40
/// cases a round, 16 strict and 24 free-form, no system fingerprint). The default options train once every model has
/// 300 healthy answers (8 rounds) and retrain every 1,000.
/// </summary>
public sealed class ModelFingerprintEngineTests(ITestOutputHelper output)
{
    private const int WarmupRounds = 30;

    [Fact]
    public void Healthy_traffic_of_four_configured_models_raises_nothing_over_a_long_run()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var findings = new List<Finding>();
        double highest = 0;
        for (int round = 1; round <= 400; round++)
        {
            findings.AddRange(engine.Process([], Round(round), StyledModels.T0.AddMinutes(10 * round)).Findings);
            if (round > WarmupRounds)
            {
                highest = Math.Max(highest, engine.Scores.Where(s => s.Detector == ModelFingerprintSignal.Detector).Max(s => s.Value));
            }
        }

        output.WriteLine($"64,000 healthy answers; highest statistic as a share of the threshold after warm-up: {highest:F3}");
        Assert.Empty(findings);
        Assert.Equal(4, engine.Scores.Count(s => s.Detector == ModelFingerprintSignal.Detector));
        Assert.True(highest < 1);
    }

    /// <summary>
    /// 40 % of gpt-4o-mini's calls answered by claude-sonnet-4 (a partial rollout, no fingerprint): a fifth of the cases
    /// change answer in a round, too few for the answer-change signature, while every swapped free-form answer drives
    /// the fingerprint's statistic up. Stated delay: within 3 rounds (120 answers).
    /// </summary>
    [Fact]
    public void A_silent_partial_swap_without_a_system_fingerprint_is_found_within_three_rounds_and_names_the_model_it_resembles()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        Warm(engine);
        var findings = new List<Finding>();
        int? detectedIn = null;
        for (int round = WarmupRounds + 1; round <= WarmupRounds + 20; round++)
        {
            var raised = engine.Process([], Round(round, swapShare: 0.4), StyledModels.T0.AddMinutes(10 * round)).Findings;
            if (raised.Count > 0 && detectedIn is null)
            {
                detectedIn = round - WarmupRounds;
            }

            findings.AddRange(raised);
        }

        foreach (var f in findings)
        {
            output.WriteLine($"{f.Detector} {f.Kind} {f.Series.Canonical} {f.DetectedAt}: {f.Summary}");
        }

        // The changed temperature-0 answers are also a sampling divergence: another kind of the same fault class, so
        // the incident ledger puts both in one incident. Of kind model-swap there is one finding.
        var finding = Assert.Single(findings, f => f.Kind == FindingKinds.ModelSwap);
        output.WriteLine($"detected in swapped round {detectedIn}: {finding.Summary}");
        Assert.Equal(FindingKinds.ModelSwap, finding.Kind);
        Assert.Equal(ModelFingerprintSignal.Detector, finding.Detector);
        Assert.Equal(StyledModels.Mini.Model, finding.Series.Model);
        Assert.InRange(detectedIn!.Value, 1, 3);
        Assert.Contains(StyledModels.Sonnet.Identity, finding.Summary, StringComparison.Ordinal);
        Assert.True(finding.Current.Value < finding.Baseline.Value, $"posterior {finding.Baseline.Value} → {finding.Current.Value}");
        Assert.NotEmpty(finding.Examples);
        // Each example names the model that answer looks most like; most of the least-like answers are Sonnet's own.
        Assert.True(finding.Examples.Count(e => e.Attributes["resembles"] == StyledModels.Sonnet.Identity) * 2 > finding.Examples.Count);
        Assert.Contains(finding.Examples, e => e.Actual!.StartsWith("Certainly!", StringComparison.Ordinal) || e.Actual.StartsWith("I'm sorry, but", StringComparison.Ordinal));
    }

    /// <summary>
    /// A full swap (gpt-4.1 answers everything under gpt-4o-mini's name): both swap detectors see it; kind
    /// <c>model-swap</c> is one episode per provider × model, so exactly one finding of that kind is raised over the next
    /// 60 rounds, although the answer-change signature's own episode ends as soon as the new answers are stable (and the
    /// fingerprint's once the change is accepted as the new normal, after 1,000 answers).
    /// </summary>
    [Fact]
    public void A_full_swap_seen_by_both_swap_detectors_raises_one_finding_for_the_whole_episode()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        Warm(engine);
        var findings = new List<Finding>();
        for (int round = WarmupRounds + 1; round <= WarmupRounds + 60; round++)
        {
            findings.AddRange(engine.Process([], Round(round, impostor: StyledModels.Gpt41, swapShare: 1), StyledModels.T0.AddMinutes(10 * round)).Findings);
        }

        foreach (var f in findings)
        {
            output.WriteLine($"{f.Detector} {f.Kind} {f.Series.Canonical} {f.DetectedAt}: {f.Summary}");
        }

        Assert.Single(findings, f => f.Kind == FindingKinds.ModelSwap);
    }

    [Fact]
    public void With_too_few_healthy_answers_per_model_the_fingerprint_gives_no_verdict()
    {
        // 7 rounds in all: 280 answers per model, below the 300 the default needs; the last 4 with a partial swap.
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var findings = new List<Finding>();
        for (int round = 1; round <= 3; round++)
        {
            findings.AddRange(engine.Process([], Round(round), StyledModels.T0.AddMinutes(10 * round)).Findings);
        }

        for (int round = 4; round <= 7; round++)
        {
            findings.AddRange(engine.Process([], Round(round, impostor: StyledModels.Sonnet, swapShare: 0.4), StyledModels.T0.AddMinutes(10 * round)).Findings);
        }

        Assert.DoesNotContain(findings, f => f.Detector == ModelFingerprintSignal.Detector);
        Assert.All(engine.Scores.Where(s => s.Detector == ModelFingerprintSignal.Detector), s => Assert.Equal(0, s.Value));
        using var state = JsonDocument.Parse(engine.Snapshot().ToJson());
        Assert.Equal(JsonValueKind.Null, state.RootElement.GetProperty("Fingerprint").GetProperty("ModelBytes").ValueKind);
    }

    [Fact]
    public void The_trained_fingerprint_and_its_statistics_survive_a_snapshot_and_restore()
    {
        var original = new DetectionEngine(new DetectionEngineOptions());
        Warm(original);
        var restored = new DetectionEngine(new DetectionEngineOptions());
        restored.Restore(DetectionStateSnapshot.FromBytes(original.Snapshot().Bytes.Span));

        var before = new List<Finding>();
        var after = new List<Finding>();
        for (int round = WarmupRounds + 1; round <= WarmupRounds + 6; round++)
        {
            var results = Round(round, swapShare: 0.4);
            before.AddRange(original.Process([], results, StyledModels.T0.AddMinutes(10 * round)).Findings);
            after.AddRange(restored.Process([], results, StyledModels.T0.AddMinutes(10 * round)).Findings);
            Assert.Equal(
                original.Scores.Where(s => s.Detector == ModelFingerprintSignal.Detector).Select(s => s.Value),
                restored.Scores.Where(s => s.Detector == ModelFingerprintSignal.Detector).Select(s => s.Value));
        }

        var finding = Assert.Single(after, f => f.Kind == FindingKinds.ModelSwap);
        Assert.Equal(Assert.Single(before, f => f.Kind == FindingKinds.ModelSwap).Summary, finding.Summary);
        Assert.Equal(before.Select(f => f.Summary), after.Select(f => f.Summary));
        Assert.Equal(ModelFingerprintSignal.Detector, finding.Detector);
    }

    [Fact]
    public void Answers_served_inside_an_open_swap_episode_are_not_learnt_as_the_configured_model()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        Warm(engine);
        // 20 rounds: 800 answers under the episode, short of the 1,000 after which a change that stays is accepted.
        for (int round = WarmupRounds + 1; round <= WarmupRounds + 20; round++)
        {
            engine.Process([], Round(round, swapShare: 0.4), StyledModels.T0.AddMinutes(10 * round));
        }

        var pool = PooledAnswers.Of(engine)[StyledModels.Mini.Identity];
        int sonnetLike = pool.Count(a => a.Answer.StartsWith("Certainly!", StringComparison.Ordinal));
        output.WriteLine($"{sonnetLike} of {pool.Count} pooled gpt-4o-mini answers are claude-sonnet-4's");
        Assert.Equal(0, sonnetLike);
    }

    /// <summary>
    /// A swap that stays (claude-sonnet-4 answers as gpt-4o-mini from then on) is reported once; after a pool's worth of
    /// answers (1,000) the change is the new normal, the name is learnt afresh from its new answers, and a later partial
    /// swap (to gemini-2.5-flash) is found again and named.
    /// </summary>
    [Fact]
    public void A_swap_that_stays_is_accepted_and_learnt_afresh_so_a_later_swap_is_found_again()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        Warm(engine);
        var findings = new List<Finding>();
        int round = WarmupRounds;
        for (int i = 0; i < 60; i++)
        {
            round++;
            findings.AddRange(engine.Process([], Round(round, StyledModels.Sonnet, swapShare: 1), StyledModels.T0.AddMinutes(10 * round)).Findings);
        }

        Assert.Single(findings, f => f.Kind == FindingKinds.ModelSwap);
        using (var state = JsonDocument.Parse(engine.Snapshot().ToJson()))
        {
            var fingerprint = state.RootElement.GetProperty("Fingerprint");
            Assert.False(fingerprint.GetProperty("Monitors").GetProperty(StyledModels.Mini.Identity).GetProperty("Relearning").GetBoolean());
            Assert.Contains(StyledModels.Mini.Identity, fingerprint.GetProperty("Classes").EnumerateArray().Select(c => c.GetString()));
            Assert.All(
                PooledAnswers.Of(engine)[StyledModels.Mini.Identity].Where(a => a.CaseKey.Contains("explain", StringComparison.Ordinal)),
                a => Assert.DoesNotContain("basically", a.Answer, StringComparison.Ordinal));
        }

        var later = new List<Finding>();
        for (int i = 0; i < 5; i++)
        {
            round++;
            var results = Round(round, StyledModels.Sonnet, swapShare: 1)
                .Select(r => r.Model == StyledModels.Mini.Model && StyledModels.Cases().ToList().IndexOf(r.CaseId) % 5 < 2 ? r with { Actual = StyledModels.Answer(StyledModels.Flash, r.CaseId, round) } : r)
                .ToList();
            later.AddRange(engine.Process([], results, StyledModels.T0.AddMinutes(10 * round)).Findings);
        }

        var finding = Assert.Single(later, f => f.Kind == FindingKinds.ModelSwap);
        Assert.Equal(ModelFingerprintSignal.Detector, finding.Detector);
        Assert.Contains($"which look most like {StyledModels.Flash.Identity}", finding.Summary, StringComparison.Ordinal);
    }

    /// <summary>
    /// The shipped suites are strict: every model that is right gives the same bytes. On such answers the posteriors
    /// stay near 1/k, the calibrated increments near zero, and the fingerprint stays silent over a long healthy run.
    /// </summary>
    [Fact]
    public void On_strict_answers_alone_the_fingerprint_stays_silent()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var findings = new List<Finding>();
        for (int round = 1; round <= 200; round++)
        {
            var results = StyledModels.All.SelectMany(m => StyledModels.Round(round, m, strict: 40, freeForm: 0)).ToList();
            findings.AddRange(engine.Process([], results, StyledModels.T0.AddMinutes(10 * round)).Findings);
        }

        Assert.DoesNotContain(findings, f => f.Detector == ModelFingerprintSignal.Detector);
        Assert.Equal(4, engine.Scores.Count(s => s.Detector == ModelFingerprintSignal.Detector));
    }

    /// <summary>
    /// A swap the answer-change signature reports before the fingerprint has a model shares its episode; with no model
    /// to judge recovery by, that episode ends with the signature's, the swapped answers are not pooled, and once trained
    /// the fingerprint finds a later partial swap.
    /// </summary>
    [Fact]
    public void A_swap_reported_before_the_fingerprint_is_trained_does_not_hold_its_episode_open_for_good()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var findings = new List<Finding>();
        for (int round = 1; round <= 40; round++)
        {
            var results = round is 4 or 5 ? Round(round, StyledModels.Gpt41, swapShare: 1) : Round(round);
            findings.AddRange(engine.Process([], results, StyledModels.T0.AddMinutes(10 * round)).Findings);
        }

        Assert.Contains(findings, f => f.Detector == "model-swap");
        Assert.DoesNotContain(findings, f => f.Detector == ModelFingerprintSignal.Detector);
        var later = new List<Finding>();
        for (int round = 41; round <= 45; round++)
        {
            later.AddRange(engine.Process([], Round(round, swapShare: 0.4), StyledModels.T0.AddMinutes(10 * round)).Findings);
        }

        Assert.Equal(ModelFingerprintSignal.Detector, Assert.Single(later, f => f.Kind == FindingKinds.ModelSwap).Detector);
    }

    private static void Warm(DetectionEngine engine)
    {
        for (int round = 1; round <= WarmupRounds; round++)
        {
            Assert.Empty(engine.Process([], Round(round), StyledModels.T0.AddMinutes(10 * round)).Findings);
        }
    }

    /// <summary>One round of every configured model; <paramref name="swapShare"/> of gpt-4o-mini's calls answered by <paramref name="impostor"/>.</summary>
    private static List<CanaryResult> Round(int round, ModelHabits? impostor = null, double swapShare = 0) =>
    [
        .. StyledModels.Round(round, StyledModels.Mini, swapShare > 0 ? impostor ?? StyledModels.Sonnet : null, swapShare),
        .. StyledModels.Round(round, StyledModels.Gpt41),
        .. StyledModels.Round(round, StyledModels.Sonnet),
        .. StyledModels.Round(round, StyledModels.Flash),
    ];
}
