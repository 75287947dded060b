using FsCheck;
using FsCheck.Fluent;
using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class DetectorPropertyTests
{
    private static IStreamingDetector[] AllStreaming() =>
    [
        new SrCnnAnomalyDetector(new SrCnnOptions { WindowSize = 16, JudgementWindowSize = 8 }),
        new IidSpikeDetector(new IidSpikeOptions { PvalueHistoryLength = 10 }),
        new IidChangePointDetector(new IidChangePointOptions { ChangeHistoryLength = 8 }),
        new SsaSpikeDetector(new SsaOptions { TrainingWindowSize = 20, SeasonalityWindowSize = 5, PvalueHistoryLength = 10 }),
        new SsaChangePointDetector(SsaOptions.ChangePointDefaults with { TrainingWindowSize = 20, SeasonalityWindowSize = 5, ChangeHistoryLength = 8 }),
    ];

    private static Arbitrary<double[]> Series() =>
        Gen.ArrayOf(Gen.Choose(-100_000, 100_000).Select(i => i / 100.0)).Where(a => a.Length is >= 1 and <= 120).ToArbitrary();

    [Fact]
    public void EveryStreamingDetector_AnySeries_ScoresStayInUnitIntervalAndOneOutputPerPoint()
    {
        Prop.ForAll(Series(), values =>
        {
            foreach (var detector in AllStreaming())
            {
                var outputs = values.Select(detector.Update).ToList();
                if (outputs.Count != values.Length || outputs.Any(o => !(o.Score >= 0 && o.Score <= 1)))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void EveryStreamingDetector_ConstantSeries_NeverAlarms()
    {
        Prop.ForAll(Gen.Choose(-1000, 1000).ToArbitrary(), Gen.Choose(30, 150).ToArbitrary(), (level, length) =>
        {
            foreach (var detector in AllStreaming())
            {
                if (Enumerable.Repeat((double)level, length).Select(detector.Update).Any(o => o.IsAnomaly || o.IsChangePoint))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SrBatch_AnySeriesOfTwelveOrMore_ScoresInUnitIntervalAndBoundsOrdered()
    {
        var arbitrary = Gen.ArrayOf(Gen.Choose(0, 10_000).Select(i => i / 10.0)).Where(a => a.Length is >= 12 and <= 200).ToArbitrary();
        Prop.ForAll(arbitrary, values =>
        {
            var points = new SrCnnEntireAnomalyDetector(new SrCnnEntireOptions { BatchSize = 64, DetectMode = SrCnnDetectMode.AnomalyAndMargin }).Detect(values);
            return points.Length == values.Length
                && points.All(p => p.AnomalyScore is >= 0 and <= 1 && p.LowerBoundary <= p.UpperBoundary);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SrBatch_ConstantSeries_NoAnomaly()
    {
        Prop.ForAll(Gen.Choose(-1000, 1000).ToArbitrary(), Gen.Choose(12, 300).ToArbitrary(), (level, length) =>
            !new SrCnnEntireAnomalyDetector(new SrCnnEntireOptions { BatchSize = -1 }).Detect(Enumerable.Repeat((double)level, length).ToArray()).Any(p => p.IsAnomaly))
            .QuickCheckThrowOnFailure();
    }
}
