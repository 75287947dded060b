using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using static QualityWatch.Detection.Tests.Engine.EngineFixtures;

namespace QualityWatch.Detection.Tests.Engine;

/// <summary>
/// Canary latency is tested call by call, not by minutes: a fast run of quick rounds and a slow schedule both get a
/// verdict, a step within a few rounds, a moderate slowdown within a few hundred calls, and a healthy series false-alarms
/// about once per ARL₀ calls however its calls are grouped into rounds.
/// </summary>
public sealed class CanaryLatencyTests
{
    /// <summary>A round of <paramref name="cases"/> cases; each latency log-normal around <paramref name="medianMs"/> with <paramref name="spread"/>.</summary>
    private static List<CanaryResult> Round(int round, double medianMs, Random random, DateTimeOffset at, int cases = 10, double spread = 0.25) =>
        [.. Enumerable.Range(0, cases).Select(i => Result(round, $"case-{i}", passed: true, latencySeconds: medianMs / 1000 * Math.Exp(spread * TimeSeries.SeriesFixtures.Gaussian(random))) with
        {
            Timestamp = at.AddMilliseconds(i * 40),
        })];

    [Fact]
    public void ALatencyStepInAFastRun_IsReportedWithinAFewRounds_WithItsStartAndMedians()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(3);
        var findings = new List<(int Round, Finding Finding)>();
        var allKinds = new List<string>();
        // Eighty rounds half a second apart (the whole run inside one minute): ~12 ms, then ~50 ms from round 41.
        for (int round = 1; round <= 80; round++)
        {
            var at = T0.AddMilliseconds(round * 500);
            var result = engine.Process([], Round(round, round <= 40 ? 12 : 50, random, at), at.AddMilliseconds(450));
            findings.AddRange(result.Findings.Where(f => f.Kind == FindingKinds.LatencyDrift).Select(f => (round, f)));
            allKinds.AddRange(result.Findings.Select(f => f.Kind));
        }

        var (detectedIn, finding) = Assert.Single(findings);
        Assert.DoesNotContain(allKinds, k => k == FindingKinds.RoutingAnomaly);
        Assert.InRange(detectedIn, 41, 43);
        Assert.InRange(finding.Baseline.Value, 0.010, 0.014);
        // The latest 20 calls at the moment of detection: mostly, not yet all, after the step.
        Assert.InRange(finding.Current.Value, 0.02, 0.06);
        Assert.True(finding.Current.Value / finding.Baseline.Value >= 1.25);
        Assert.True(finding.Baseline.Low <= finding.Baseline.Value && finding.Baseline.Value <= finding.Baseline.High);
        Assert.InRange(finding.EstimatedStart, T0.AddMilliseconds(40 * 500), T0.AddMilliseconds(41 * 500 + 400));
        Assert.Equal("suite", finding.Series.Labels.Keys.Single(k => k == "suite"));
    }

    [Fact]
    public void AHealthySeries_WithOrdinaryJitter_RaisesNoLatencyDrift_OverThousandsOfRounds()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(4);
        int raised = 0;
        for (int round = 1; round <= 3000; round++)
        {
            var at = T0.AddMinutes(round * 15);
            raised += engine.Process([], Round(round, 800, random, at), at.AddSeconds(30)).Findings.Count(f => f.Kind == FindingKinds.LatencyDrift);
        }

        Assert.Equal(0, raised);
    }

    [Fact]
    public void ALatencyEpisode_KeepsItsBaselineFrozen_AndEndsWhenLatencyReturns()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions { RecoveryChecks = 3 });
        var random = new Random(5);
        var healthyAt = new List<int>();
        var raised = 0;
        for (int round = 1; round <= 400; round++)
        {
            double median = round is > 40 and <= 300 ? 50 : 12;
            var at = T0.AddSeconds(round);
            var result = engine.Process([], Round(round, median, random, at), at.AddMilliseconds(900));
            raised += result.Findings.Count(f => f.Kind == FindingKinds.LatencyDrift);
            if (result.HealthySeries.Any(k => k.Labels.GetValueOrDefault("suite") == "smoke"))
            {
                healthyAt.Add(round);
            }
        }

        // Two hundred and sixty rounds at the new level: a rolling baseline would have learned it and raised again
        // after recovery or called it healthy; the frozen one does neither until latency is back.
        Assert.Equal(1, raised);
        Assert.Equal([], healthyAt.Where(r => r is > 45 and <= 300));
        Assert.Contains(healthyAt, r => r > 320);
    }

    [Fact]
    public void AModerateSlowdown_TooSmallForTwentyCallsToShow_IsReportedWithinAFewHundredCalls()
    {
        // A quarter slower with 40 % log-normal spread: twenty calls against two hundred give a Mann–Whitney p near 0.01,
        // so the comparison this test replaced (p < 10⁻⁴ on the latest 20) could not report it at all.
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(6);
        int? detectedIn = null;
        Finding? finding = null;
        for (int round = 1; round <= 100 && detectedIn is null; round++)
        {
            var at = T0.AddMinutes(round * 10);
            var result = engine.Process([], Round(round, round <= 40 ? 800 : 1000, random, at, spread: 0.4), at.AddSeconds(30));
            finding = result.Findings.SingleOrDefault(f => f.Kind == FindingKinds.LatencyDrift);
            detectedIn = finding is null ? null : round;
        }

        Assert.NotNull(finding);
        Assert.InRange(detectedIn!.Value, 41, 80);
        Assert.Equal(CanaryLatencySignal.Detector, finding.Detector);
        Assert.True(finding.EstimatedStart >= T0.AddMinutes(350), $"estimated start {finding.EstimatedStart}");
        Assert.InRange(finding.Current.Value / finding.Baseline.Value, 1.1, 1.6);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(40)]
    public void AHealthySeries_FalseAlarmsAboutOncePerArl0Calls_HoweverManyCallsARoundHas(int callsPerRound)
    {
        // ARL₀ lowered to 4,000 calls so 200,000 calls show the rate: the old comparison, tested once a round on
        // overlapping windows, raised more the more often it was tested; a per-call chart raises per call.
        const double Arl0 = 4_000;
        const int Calls = 200_000;
        var engine = new DetectionEngine(new DetectionEngineOptions { QualityArl0 = Arl0, RecoveryChecks = 1 });
        var random = new Random(7);
        int raised = 0;
        for (int round = 1; round <= Calls / callsPerRound; round++)
        {
            var at = T0.AddMinutes(round);
            raised += engine.Process([], Round(round, 800, random, at, callsPerRound, spread: 0.4), at.AddSeconds(30)).Findings.Count(f => f.Kind == FindingKinds.LatencyDrift);
        }

        // 50 at exactly one per ARL₀ calls. The chart assumes p₀ rounded up and pays for the quartile being estimated,
        // so it raises fewer (32–34 on these seeds); a chart tested per round on overlapping windows would not stay under.
        Assert.InRange(raised, 15, 55);
    }
}
