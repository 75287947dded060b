using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using static QualityWatch.Detection.Tests.Engine.EngineFixtures;

namespace QualityWatch.Detection.Tests.Engine;

public sealed class SamplingDivergenceSignalTests
{
    /// <summary>
    /// A round of 60 temperature-0 cases answering "42": <paramref name="failRate"/> fail ("41"), and of the passing
    /// answers <paramref name="divergentShare"/> come back as "42\n" (still right, other bytes).
    /// </summary>
    private static List<CanaryResult> Round(int round, Random random, double failRate, double divergentShare) =>
        Enumerable.Range(0, 60).Select(i =>
        {
            bool passed = random.NextDouble() >= failRate;
            string answer = !passed ? "41" : random.NextDouble() < divergentShare ? "42\n" : "42";
            return Result(round, $"case-{i:D2}", passed, answer: answer);
        }).ToList();

    [Fact]
    public void RightAnswersInOtherBytes_RaiseSamplingDivergenceWithinAFewRounds_LongBeforeThePassRateMoves()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions { QualityArl0 = 2_000_000, MinimumDetectableDrop = 0.03 });
        var random = new Random(11);
        for (int round = 1; round <= 150; round++)
        {
            Assert.Empty(engine.Process([], Round(round, random, 0.06, 0), T0.AddMinutes(round)).Findings);
        }

        // The top-k fault: three more points of failures, and 15 % of the right answers diverge.
        var findings = new List<(int Round, Finding Finding)>();
        for (int round = 151; round <= 160; round++)
        {
            findings.AddRange(engine.Process([], Round(round, random, 0.09, 0.15), T0.AddMinutes(round)).Findings.Select(f => (round, f)));
        }

        var (at, divergence) = findings[0];
        Assert.Equal(FindingKinds.SamplingDivergence, divergence.Kind);
        Assert.Single(findings, f => f.Finding.Kind == FindingKinds.SamplingDivergence);
        // The pass rate, three points down, needs several hundred more checks (here it followed six rounds later).
        Assert.All(findings.Skip(1), f => Assert.True(f.Round > at + 2));
        Assert.Equal("temperature-zero-divergence", divergence.Detector);
        Assert.Equal("all", divergence.Series.Labels["suite"]);
        Assert.True(at <= 153, $"raised in round {at}, three rounds after the fault began");
        Assert.InRange(divergence.Current.Value, 0.5, 0.95);
        Assert.True(divergence.Baseline.Value > 0.99);
        Assert.True(divergence.Current.High < divergence.Baseline.Low);
        Assert.Contains("differed from their case's usual answer", divergence.Summary, StringComparison.Ordinal);
        Assert.Contains(divergence.Examples, e => e.Expected == "42" && e.Actual == "42\\n");
    }

    [Fact]
    public void AnswersSampledAboveTemperatureZero_NeverCount()
    {
        // Every passing answer is different (a sampled paraphrase): no case has a usual answer, so nothing diverges.
        var engine = new DetectionEngine(new DetectionEngineOptions());
        int findings = 0;
        for (int round = 1; round <= 120; round++)
        {
            var results = Enumerable.Range(0, 30).Select(i => Result(round, $"case-{i:D2}", passed: true, answer: $"It is 42 ({round}-{i})")).ToList();
            findings += engine.Process([], results, T0.AddMinutes(round)).Findings.Count(f => f.Kind == FindingKinds.SamplingDivergence);
        }

        Assert.Equal(0, findings);
        Assert.DoesNotContain(engine.Scores, s => s.Detector == "temperature-zero-divergence" && s.Value > 0);
    }

    [Fact]
    public void AHealthyModelsOccasionalOtherBytes_StaySilentAtTheDemoSettings()
    {
        // Real temperature-0 serving is not perfectly deterministic: 2 % of right answers vary, forever.
        var engine = new DetectionEngine(new DetectionEngineOptions { QualityArl0 = 2_000_000, MinimumDetectableDrop = 0.03 });
        var random = new Random(5);
        int findings = 0;
        for (int round = 1; round <= 600; round++)
        {
            findings += engine.Process([], Round(round, random, 0.06, 0.02), T0.AddMinutes(round)).Findings.Count;
        }

        Assert.Equal(0, findings);
    }
}
