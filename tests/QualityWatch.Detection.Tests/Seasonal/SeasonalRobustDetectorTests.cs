using QualityWatch.Detection.Seasonal;
using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.Seasonal;

public sealed class SeasonalRobustDetectorTests
{
    private const int Day = 24;

    [Fact]
    public void Observe_ANoiselessDailySquareWave_RaisesNothing()
    {
        // 4,032 five-minute rows (two weeks) of a clean day/night step: every transition is seasonal, none is news.
        var values = SeasonalSeries.SquareWave(4032, 288, 10, 50);
        var detector = new SeasonalRobustDetector(new SeasonalRobustOptions { Period = 288 });

        var alarms = values.Select(detector.Update).Count(o => o.IsAnomaly || o.IsChangePoint);

        Assert.Equal(0, alarms);
    }

    [Theory]
    [InlineData(1_000, 0.5)]
    [InlineData(5_000, 2.0)]
    [InlineData(20_000, 8.0)]
    public void Observe_HealthySeasonalSeriesOfSeveralLengthsAndNoises_StaysWithinTheStatedBudget(int length, double noise)
    {
        // Twenty seeds per case; the budget is an expectation, so the test allows twice the stated rate plus one alarm
        // per series for the Poisson spread of short series.
        int alarms = 0;
        long rows = 0;
        for (int seed = 1; seed <= 20; seed++)
        {
            var values = SeasonalSeries.Healthy(seed, length, Day, amplitude: 10, noise);
            var detector = new SeasonalRobustDetector(new SeasonalRobustOptions { Period = Day });
            alarms += values.Select(detector.Update).Count(o => o.IsAnomaly || o.IsChangePoint);
            rows += length;
        }

        double budget = SeasonalRobustOptions.Defaults.FalseAlarmsPer10000Rows * rows / 10_000;
        Assert.True(alarms <= (2 * budget) + 20, $"{alarms} alarms in {rows} healthy rows; budget {budget:0.0}");
    }

    [Theory]
    [InlineData(+10.0)]
    [InlineData(-10.0)]
    public void Observe_ASpikeOrADipOfTenSigma_IsAnAnomalyAtThatRow(double sigmas)
    {
        for (int seed = 1; seed <= 10; seed++)
        {
            var values = SeasonalSeries.Healthy(seed, 1_000, Day, amplitude: 10, noise: 1);
            values[700] += sigmas;
            var detector = new SeasonalRobustDetector(new SeasonalRobustOptions { Period = Day });

            var outputs = values.Select(detector.Update).ToArray();

            Assert.True(outputs[700].IsAnomaly, $"seed {seed}: p = {outputs[700].PValue:E2}");
        }
    }

    [Fact]
    public void Observe_ALevelShiftOfEightSigma_IsOneAlarmWithinThreeRows()
    {
        for (int seed = 1; seed <= 10; seed++)
        {
            var values = SeasonalSeries.Healthy(seed, 1_000, Day, amplitude: 10, noise: 1);
            for (int i = 600; i < values.Length; i++)
            {
                values[i] += 8;
            }

            var detector = new SeasonalRobustDetector(new SeasonalRobustOptions { Period = Day });
            var outputs = values.Select(detector.Update).ToArray();

            int first = Array.FindIndex(outputs, 600, o => o.IsAnomaly || o.IsChangePoint);
            Assert.InRange(first, 600, 603);
            Assert.Equal(1, outputs.Skip(600).Count(o => o.IsAnomaly || o.IsChangePoint));
        }
    }

    [Fact]
    public void Observe_ADriftOfHalfASigmaPerRow_IsCaughtWithinTwentyRows()
    {
        for (int seed = 1; seed <= 10; seed++)
        {
            var values = SeasonalSeries.Healthy(seed, 1_000, Day, amplitude: 10, noise: 1);
            for (int i = 600; i < values.Length; i++)
            {
                values[i] += 0.5 * (i - 600);
            }

            var detector = new SeasonalRobustDetector(new SeasonalRobustOptions { Period = Day });
            var outputs = values.Select(detector.Update).ToArray();

            int first = Array.FindIndex(outputs, 600, o => o.IsAnomaly || o.IsChangePoint);
            Assert.InRange(first, 600, 620);
        }
    }

    [Fact]
    public void Observe_ABurstOfSpikes_IsOneEpisodeWithOneAlarm()
    {
        var values = SeasonalSeries.Healthy(3, 1_000, Day, amplitude: 10, noise: 1);
        foreach (int i in new[] { 700, 701, 703, 704, 706 })
        {
            values[i] += 12;
        }

        var detector = new SeasonalRobustDetector(new SeasonalRobustOptions { Period = Day });
        var outputs = values.Select(detector.Update).ToArray();

        Assert.Equal(1, outputs.Skip(690).Take(30).Count(o => o.IsAnomaly || o.IsChangePoint));
    }

    [Fact]
    public void Observe_AMissingValue_IsNotScoredAndTheForecastBridgesTheGap()
    {
        var values = SeasonalSeries.Healthy(5, 400, Day, amplitude: 10, noise: 1);
        var detector = new SeasonalRobustDetector(new SeasonalRobustOptions { Period = Day });
        var outputs = new List<DetectorOutput>();
        for (int i = 0; i < values.Length; i++)
        {
            // Rows 200–209 are absent (a gap): the next rows keep their seasonal phase through their slot.
            if (i is >= 200 and < 210)
            {
                outputs.Add(detector.Observe(double.NaN, i));
                continue;
            }

            outputs.Add(detector.Observe(values[i], i));
        }

        Assert.All(outputs.Skip(200).Take(10), o => Assert.True(double.IsNaN(o.Score)));
        Assert.DoesNotContain(outputs.Skip(210), o => o.IsAnomaly || o.IsChangePoint);
    }

    [Fact]
    public void Observe_ASparseCountSeries_DoesNotCallEveryOneAnAnomalyButCatchesAHundred()
    {
        // Mostly zeros with an occasional 1 (purchases per hour at night): the scale never goes below the series'
        // resolution, so a 1 is one unit, while 100 is far out.
        var random = new Bogus.Randomizer(11);
        var values = Enumerable.Range(0, 1_200).Select(_ => random.Double() < 0.03 ? 1.0 : 0.0).ToArray();
        values[1_000] = 100;
        var detector = new SeasonalRobustDetector(new SeasonalRobustOptions());

        var outputs = values.Select(detector.Update).ToArray();

        Assert.True(outputs[1_000].IsAnomaly);
        Assert.True(outputs.Count(o => o.IsAnomaly || o.IsChangePoint) <= 3);
    }

    [Fact]
    public void Score_IsCalibrated_AboutAFractionQOfHealthyRowsScoreAbove1MinusQ()
    {
        var values = SeasonalSeries.Healthy(21, 20_000, Day, amplitude: 10, noise: 2);
        var detector = new SeasonalRobustDetector(new SeasonalRobustOptions { Period = Day });

        var scores = values.Select(detector.Update).Skip(2_000).Select(o => o.Score).ToArray();

        double share = scores.Count(s => s >= 0.99) / (double)scores.Length;
        Assert.InRange(share, 0.005, 0.02);
    }

    [Fact]
    public void SaveAndLoad_ContinuesExactlyWhereItStopped()
    {
        var values = SeasonalSeries.Healthy(8, 900, Day, amplitude: 10, noise: 1);
        values[800] += 10;
        var options = new SeasonalRobustOptions { Period = Day };
        var straight = new SeasonalRobustDetector(options);
        var expected = values.Select(straight.Update).ToArray();

        var first = new SeasonalRobustDetector(options);
        foreach (double v in values.Take(500))
        {
            first.Update(v);
        }

        using var stream = new MemoryStream();
        first.Save(new BinaryWriter(stream));
        stream.Position = 0;
        var restored = new SeasonalRobustDetector(options);
        restored.Load(new BinaryReader(stream));
        var resumed = values.Skip(500).Select(restored.Update).ToArray();

        Assert.Equal(expected.Skip(500), resumed);
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedNamingTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SeasonalRobustDetector(new SeasonalRobustOptions { FalseAlarmsPer10000Rows = 0 }));
        Assert.Contains(nameof(SeasonalRobustOptions.FalseAlarmsPer10000Rows), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(469, 0.5, 4.95, 5.05)]
    [InlineData(10_000, 0.5, 8.0, 8.1)]
    public void CusumThreshold_GivesTheRequestedTwoSidedRunLength_465AtFiveAsInMontgomery(double arl0, double k, double low, double high)
    {
        Assert.InRange(SeasonalRobustDetector.CusumThreshold(arl0, k), low, high);
    }
}
