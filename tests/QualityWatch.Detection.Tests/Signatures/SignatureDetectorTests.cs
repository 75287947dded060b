using QualityWatch.Core.Canaries;
using QualityWatch.Detection.Engine;
using QualityWatch.Detection.Signatures;
using QualityWatch.Detection.Statistics;
using QualityWatch.Detection.Tests.Engine;

namespace QualityWatch.Detection.Tests.Signatures;

public sealed class SignatureDetectorTests
{
    [Fact]
    public void BurnRate_FastBurnInBothWindows_Alarms_ButAnOldBurstDoesNot()
    {
        var calls = new CountWindow(360);
        var errors = new CountWindow(360);
        for (int i = 0; i < 120; i++)
        {
            calls.Add(100);
            errors.Add(i is >= 60 and < 80 ? 10 : 0);
        }

        // The burst ended 40 minutes ago: the 5-minute window is clean, so no page (the workbook's reset behaviour).
        Assert.False(BurnRateDetector.Evaluate(calls, errors, 0.999).Alarm);
        for (int i = 0; i < 10; i++)
        {
            calls.Add(100);
            errors.Add(10);
        }

        var verdict = BurnRateDetector.Evaluate(calls, errors, 0.999);
        Assert.True(verdict.Alarm);
        Assert.True(verdict.ShortBurnRate >= verdict.Factor);
    }

    [Fact]
    public void BurnRate_OneErrorInTheFirstMinuteOfABusySeries_DoesNotPage()
    {
        // 1 error in 60 calls is a 17× burn of a 99.9 % budget in both windows, and p = 0.058 under the SLO itself.
        var calls = new CountWindow(360);
        var errors = new CountWindow(360);
        calls.Add(60);
        errors.Add(1);

        var verdict = BurnRateDetector.Evaluate(calls, errors, 0.999);

        Assert.True(verdict.LongBurnRate >= verdict.Factor && verdict.ShortBurnRate >= verdict.Factor);
        Assert.False(verdict.Alarm);
    }

    [Fact]
    public void BurnRate_AnOutageFromTheFirstMinute_PagesAtOnce()
    {
        var calls = new CountWindow(360);
        var errors = new CountWindow(360);
        calls.Add(60);
        errors.Add(3);

        Assert.True(BurnRateDetector.Evaluate(calls, errors, 0.999).Alarm);
    }

    [Fact]
    public void BurnRate_AQuietSeriesWithOneErrorAnHour_DoesNotPageButThreeInAnHourDo()
    {
        // One call a minute: one error in the hour is a 17× burn of a 99.9 % budget (and 200× over the last 5 minutes);
        // it takes errors the SLO cannot explain.
        var calls = new CountWindow(360);
        var errors = new CountWindow(360);
        for (int minute = 0; minute < 60; minute++)
        {
            calls.Add(1);
            errors.Add(minute == 58 ? 1 : 0);
        }

        var single = BurnRateDetector.Evaluate(calls, errors, 0.999);
        Assert.True(single.LongBurnRate >= single.Factor && single.ShortBurnRate >= single.Factor);
        Assert.False(single.Alarm);

        for (int minute = 0; minute < 2; minute++)
        {
            calls.Add(1);
            errors.Add(1);
        }

        Assert.True(BurnRateDetector.Evaluate(calls, errors, 0.999).Alarm);
    }

    [Fact]
    public void OutputCorruption_ThaiCharactersInFivePercentOfOutputs_AlarmsAboveAZeroBaseline()
    {
        var verdict = OutputCorruptionDetector.Evaluate(5000, 2, 500, 25, 0.01);

        Assert.True(verdict.Alarm);
        Assert.True(verdict.PValue < 1e-6);
    }

    [Fact]
    public void OutputCorruption_OneStrayOutput_IsBelowTheMinimumShare()
    {
        Assert.False(OutputCorruptionDetector.Evaluate(5000, 0, 500, 1, 0.01).Alarm);
    }

    [Fact]
    public void Truncation_LengthShareTriples_AlarmsWithChiSquareEvidence()
    {
        var verdict = TruncationDetector.Evaluate(
            new Dictionary<string, long> { ["stop"] = 950, ["length"] = 50 },
            new Dictionary<string, long> { ["stop"] = 150, ["length"] = 50 },
            0.05);

        Assert.True(verdict.Alarm);
        Assert.True(verdict.PValue < 1e-6);
        Assert.Equal(0.25, verdict.CurrentShare, 9);
    }

    [Fact]
    public void LatencyDrift_TwentyPercentSlower_IsSignificantButBelowA25PercentRatio()
    {
        var random = new Random(4);
        var baseline = Enumerable.Range(0, 120).Select(_ => 0.5 + (0.02 * random.NextDouble())).ToArray();
        var current = Enumerable.Range(0, 15).Select(_ => 0.6 + (0.02 * random.NextDouble())).ToArray();

        var verdict = LatencyDriftDetector.Evaluate(baseline, current, 1.25)!;

        Assert.True(verdict.PValue < 1e-6);
        Assert.False(verdict.PracticallyLarge);
        Assert.InRange(verdict.Ratio, 1.15, 1.25);
    }

    [Fact]
    public void Routing_SecondPopulation_IsBimodalAndDifferent()
    {
        var random = new Random(5);
        var baseline = Enumerable.Range(0, 200).Select(_ => 0.5 + (0.03 * TimeSeries.SeriesFixtures.Gaussian(random))).ToArray();
        var current = Enumerable.Range(0, 50).Select(i => (i % 3 == 0 ? 1.5 : 0.5) + (0.03 * TimeSeries.SeriesFixtures.Gaussian(random))).ToArray();

        var verdict = RoutingAnomalyDetector.Evaluate(baseline, current, 0.001);

        Assert.True(verdict.Alarm);
        Assert.True(verdict.CurrentBimodality > BimodalityCoefficient.UniformThreshold);
    }

    [Fact]
    public void BimodalityCoefficient_NormalSampleIsBelowAndTwoClustersAbove()
    {
        var random = new Random(6);
        var normal = Enumerable.Range(0, 1000).Select(_ => TimeSeries.SeriesFixtures.Gaussian(random)).ToArray();
        var clusters = Enumerable.Range(0, 1000).Select(i => (i % 2 == 0 ? -3 : 3) + (0.3 * TimeSeries.SeriesFixtures.Gaussian(random))).ToArray();

        Assert.InRange(BimodalityCoefficient.Compute(normal), 0.25, 0.4);
        Assert.True(BimodalityCoefficient.Compute(clusters) > 0.8);
    }

    [Fact]
    public void ModelSwap_AnswersFlippingWithTheirVerdict_AreAQualityProblemNotASwap()
    {
        var detector = new ModelSwapDetector();
        detector.Observe(Enumerable.Range(0, 10).Select(i => EngineFixtures.Result(1, $"c{i}", true)).ToList(), 0.5, 5);

        var verdict = detector.Observe(Enumerable.Range(0, 10).Select(i => EngineFixtures.Result(2, $"c{i}", i < 2)).ToList(), 0.5, 5);

        Assert.False(verdict.Alarm);
        Assert.Equal(0, verdict.ChangedCases);
    }

    [Fact]
    public void ModelSwap_FingerprintChangesAcrossTheRound_Alarms()
    {
        var detector = new ModelSwapDetector();
        detector.Observe(Enumerable.Range(0, 10).Select(i => EngineFixtures.Result(1, $"c{i}", true, fingerprint: "fp_1")).ToList(), 0.5, 5);

        var verdict = detector.Observe(Enumerable.Range(0, 10).Select(i => EngineFixtures.Result(2, $"c{i}", true, fingerprint: "fp_2")).ToList(), 0.5, 5);

        Assert.True(verdict.Alarm);
        Assert.Equal(("fp_1", "fp_2"), (verdict.PreviousFingerprint, verdict.CurrentFingerprint));
        Assert.DoesNotContain(verdict.Examples, e => e.Result.Outcome == CanaryOutcome.Unavailable);
    }
}
