using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using static QualityWatch.Detection.Tests.Engine.EngineFixtures;

namespace QualityWatch.Detection.Tests.Engine;

public sealed class GreedyViolationSignalTests
{
    /// <summary>
    /// A round of 60 temperature-0 cases, all answered right ("42"), each reporting 1–5 tokens inspected through
    /// log-probabilities (about 180 a round) of which each is a greedy violation with probability <paramref name="rate"/>.
    /// </summary>
    private static List<CanaryResult> Round(int round, Random random, double rate, bool logprobs = true) =>
        Enumerable.Range(0, 60).Select(i =>
        {
            long tokens = random.Next(1, 6);
            long violations = Enumerable.Range(0, (int)tokens).Count(_ => random.NextDouble() < rate);
            return logprobs ? Result(round, $"case-{i:D2}", passed: true) with { LogprobTokens = tokens, GreedyViolations = violations } : Result(round, $"case-{i:D2}", passed: true);
        }).ToList();

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.002)]
    public void A_healthy_provider_stays_silent_over_3000_rounds_even_with_rare_ties_and_nondeterminism(double healthyRate)
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(17);
        int findings = 0;
        for (int round = 1; round <= 3000; round++)
        {
            findings += engine.Process([], Round(round, random, healthyRate), T0.AddMinutes(round)).Findings.Count;
        }

        Assert.Equal(0, findings);
        Assert.Contains(engine.Scores, s => s.Detector == GreedyViolationSignal.Detector);
    }

    [Fact]
    public void Two_percent_of_tokens_not_the_top_candidate_is_caught_within_three_rounds_and_reported_as_sampling_divergence()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(23);
        for (int round = 1; round <= 100; round++)
        {
            Assert.Empty(engine.Process([], Round(round, random, 0.0005), T0.AddMinutes(round)).Findings);
        }

        // The top-k fault as the simulator injects it by default: 2 % of temperature-0 tokens from below the top.
        var findings = new List<(int Round, Finding Finding)>();
        for (int round = 101; round <= 110; round++)
        {
            findings.AddRange(engine.Process([], Round(round, random, 0.02), T0.AddMinutes(round)).Findings.Select(f => (round, f)));
        }

        var (at, finding) = Assert.Single(findings);
        int delay = at - 100;
        Assert.True(delay <= 3, $"caught {delay} rounds (of about 180 tokens) after the fault began");
        Assert.Equal(FindingKinds.SamplingDivergence, finding.Kind);
        Assert.Equal(GreedyViolationSignal.Detector, finding.Detector);
        Assert.Equal("all", finding.Series.Labels["suite"]);
        Assert.True(finding.EstimatedStart >= T0.AddMinutes(100), $"change estimated to start at {finding.EstimatedStart:O}");
        Assert.Matches(@"^\d+ of \d+ temperature-0 tokens of openai-prod/gpt-x were not the top candidate \(.*\), baseline ", finding.Summary);
        Assert.True(finding.Current.Value > finding.Baseline.Value * 5, $"{finding.Current.Value} against {finding.Baseline.Value}");
        Assert.True(finding.Baseline.Value > 0, "the healthy rate is estimated, not assumed zero");
        Assert.Contains(finding.Examples, e => e.Attributes["greedy_violations"] != "0");
    }

    [Fact]
    public void A_fault_seen_by_both_sampling_probes_gives_findings_that_deduplicate_into_one_alert()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions { QualityArl0 = 2_000_000, MinimumDetectableDrop = 0.03 });
        var random = new Random(29);
        for (int round = 1; round <= 150; round++)
        {
            Assert.Empty(engine.Process([], Round(round, random, 0), T0.AddMinutes(round)).Findings);
        }

        var findings = new List<Finding>();
        for (int round = 151; round <= 160; round++)
        {
            // Violations and 30 % of the right answers in other bytes at once.
            var results = Round(round, random, 0.05).Select(r => random.NextDouble() < 0.3 ? r with { Actual = "42\n" } : r).ToList();
            findings.AddRange(engine.Process([], results, T0.AddMinutes(round)).Findings);
        }

        Assert.Equal(2, findings.Count);
        Assert.Equal([GreedyViolationSignal.Detector, "temperature-zero-divergence"], findings.Select(f => f.Detector).Order());
        Assert.Single(findings.Select(f => (f.Kind, f.Series.Canonical, string.Join(',', f.Segment.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}")))).Distinct());
    }

    [Fact]
    public void After_the_fault_ends_the_episode_closes_and_the_series_is_healthy_again()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(31);
        for (int round = 1; round <= 100; round++)
        {
            engine.Process([], Round(round, random, 0), T0.AddMinutes(round));
        }

        int raised = 0;
        for (int round = 101; round <= 110; round++)
        {
            raised += engine.Process([], Round(round, random, 0.03), T0.AddMinutes(round)).Findings.Count;
        }

        DetectionResult last = null!;
        for (int round = 111; round <= 300; round++)
        {
            last = engine.Process([], Round(round, random, 0), T0.AddMinutes(round));
            Assert.Empty(last.Findings);
        }

        Assert.Equal(1, raised);
        Assert.Contains(last.HealthySeries, s => s.Labels.GetValueOrDefault("suite") == "all");
    }

    [Fact]
    public void Results_without_log_probabilities_never_count()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(37);
        for (int round = 1; round <= 200; round++)
        {
            Assert.Empty(engine.Process([], Round(round, random, 0.5, logprobs: false), T0.AddMinutes(round)).Findings);
        }

        Assert.DoesNotContain(engine.Scores, s => s.Detector == GreedyViolationSignal.Detector && s.Value > 0);
    }
}
