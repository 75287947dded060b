using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;
using static QualityWatch.Detection.Tests.Engine.EngineFixtures;

namespace QualityWatch.Detection.Tests.Engine;

/// <summary>
/// An episode (and so the alert built on it) ends only on evidence of recovery against the baseline frozen when it
/// opened; and the evidence a finding carries is consistent with itself.
/// </summary>
public sealed class EpisodeRecoveryTests
{
    private static readonly SeriesKey Key = SeriesKey.Of("openai-prod", "gpt-x");

    private static List<CanaryResult> Round(int round, Random random, double failRate) =>
        Enumerable.Range(0, 20).Select(i => Result(round, $"case-{i}", random.NextDouble() >= failRate, i % 2 == 0 ? "math" : "code")).ToList();

    private static bool SmokeSeriesHealthy(DetectionResult result) =>
        result.HealthySeries.Any(k => k.Labels.GetValueOrDefault("suite") == "smoke");

    [Fact]
    public void QualityFaultThatKeepsRunning_RaisesOnceAndIsNeverReportedHealthyUntilItEnds()
    {
        // 18,000 checks: a long ARL₀ keeps healthy stretches quiet, so every finding here is about the fault.
        var engine = new DetectionEngine(new DetectionEngineOptions { QualityArl0 = 1e7 });
        var random = new Random(11);
        var findings = new List<Finding>();
        var healthyDuringFault = new List<int>();
        var healthyAfterRecovery = new List<int>();
        for (int round = 1; round <= 900; round++)
        {
            double failRate = round is > 300 and <= 700 ? 0.25 : 0.05;
            var result = engine.Process([], Round(round, random, failRate), T0.AddMinutes(round * 10));
            findings.AddRange(result.Findings.Where(f => f.Series.Labels.GetValueOrDefault("suite") == "smoke"));
            if (findings.Count > 0 && round <= 700 && SmokeSeriesHealthy(result))
            {
                healthyDuringFault.Add(round);
            }

            if (round > 850 && SmokeSeriesHealthy(result))
            {
                healthyAfterRecovery.Add(round);
            }
        }

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKinds.QualityRegression, finding.Kind);
        Assert.Empty(healthyDuringFault);
        Assert.NotEmpty(healthyAfterRecovery);
    }

    [Fact]
    public void LatencyStepThatKeepsRunning_ComparesAgainstTheFrozenBaselineAndRaisesOnce()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(12);
        var findings = new List<Finding>();
        var healthyAfterDetection = 0;
        for (int minute = 0; minute < 900; minute++)
        {
            double p50 = (minute >= 300 ? 0.9 : 0.5) + (0.03 * TimeSeries.SeriesFixtures.Gaussian(random));
            var bucket = Bucket(Key, minute, p50: p50);
            var result = engine.Process([bucket], [], bucket.Start);
            findings.AddRange(result.Findings);
            if (findings.Count > 0 && result.HealthySeries.Any(k => k.Canonical == Key.Canonical))
            {
                healthyAfterDetection++;
            }
        }

        // Ten hours after the step a rolling baseline would long have learned 0.9 s as normal; the frozen one has not.
        var finding = Assert.Single(findings);
        Assert.Equal(FindingKinds.LatencyDrift, finding.Kind);
        Assert.Equal(0, healthyAfterDetection);
    }

    [Fact]
    public void QualityFinding_BaselineValueLiesInsideItsOwnInterval()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(13);
        var findings = new List<Finding>();
        for (int round = 1; round <= 150; round++)
        {
            findings.AddRange(engine.Process([], Round(round, random, round <= 60 ? 0.08 : 0.5), T0.AddMinutes(round)).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.InRange(finding.Baseline.Value, finding.Baseline.Low, finding.Baseline.High);
        Assert.Contains(finding.Baseline.Value.ToString("P1", System.Globalization.CultureInfo.InvariantCulture), finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputCorruptionFinding_ComparesTheCurrentShareBoundWithTheBaselineBound()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var findings = new List<Finding>();
        for (int minute = 0; minute < 100; minute++)
        {
            var bucket = Bucket(Key, minute, analysed: 50, unexpected: minute >= 80 ? 4 : (minute % 40 == 0 ? 1 : 0));
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.Equal(finding.Current.Low, finding.StatisticValue);
        Assert.Equal(finding.Baseline.High, finding.Threshold);
        Assert.True(finding.StatisticValue > finding.Threshold);
        Assert.InRange(finding.StatisticValue, 0, 1);
    }

    [Fact]
    public void TruncationFinding_ReportsItsPValueAgainstTheFalseDiscoveryRate()
    {
        var options = new DetectionEngineOptions();
        var engine = new DetectionEngine(options);
        var findings = new List<Finding>();
        for (int minute = 0; minute < 100; minute++)
        {
            var finish = minute >= 80
                ? new Dictionary<string, long> { ["stop"] = 60, ["length"] = 40 }
                : new Dictionary<string, long> { ["stop"] = 97, ["length"] = 3 };
            var bucket = Bucket(Key, minute, finish: finish);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.Contains("p-value", finding.Statistic, StringComparison.Ordinal);
        Assert.Equal(finding.PValue, finding.StatisticValue);
        Assert.Equal(options.FalseDiscoveryRate, finding.Threshold);
    }
}
