using QualityWatch.Detection.Seasonal;

namespace QualityWatch.Detection.Tests.Seasonal;

/// <summary>
/// The slow level-drift test on per-minute log values, as the engine feeds it: a latency creeping to 2× over a day
/// (the demo's fault, 4 % an hour at first) against white noise of σ = 0.12–0.19 in log units — the spread of a
/// per-minute median of 12 and of 5 simulated calls.
/// </summary>
public sealed class LevelDriftDetectorTests
{
    private const long Start = 29_000_160; // unix minutes at a UTC midnight (20,139 days)
    private const int Day = 1440;

    [Theory]
    [InlineData(0.12)]
    [InlineData(0.19)]
    public void Observe_ACreepToTwiceOverADayStartingNineHoursIn_IsReportedWithinThreeHoursOnAverage(double noise)
    {
        var delays = new List<int>();
        for (int seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            var detector = new LevelDriftDetector(new LevelDriftOptions());
            var state = new LevelDriftState();
            int? delay = null;
            for (int minute = 0; minute < 9 * 60 + Day && delay is null; minute++)
            {
                int sinceStart = minute - (9 * 60);
                double creep = sinceStart >= 0 ? Math.Log(1 + (sinceStart / (double)Day)) : 0;
                var verdict = detector.Observe(state, Gaussian(random) * noise + creep - 0.3, Minute(minute));
                if (verdict is { Alarm: true })
                {
                    Assert.True(sinceStart >= 0, $"seed {seed}: alarm {-sinceStart} minutes before the creep started");
                    delay = sinceStart;
                }
            }

            Assert.NotNull(delay);
            delays.Add(delay.Value);
        }

        Assert.True(delays.Average() <= 180, $"mean delay {delays.Average():F0} min: {string.Join(", ", delays)}");
        Assert.True(delays.Max() <= 270, $"slowest {delays.Max()} min: {string.Join(", ", delays)}");
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.12)]
    [InlineData(0.30)]
    public void Observe_ThreeHealthyDaysOfWhiteNoise_RaiseNothing(double noise)
    {
        for (int seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            var detector = new LevelDriftDetector(new LevelDriftOptions());
            var state = new LevelDriftState();

            int alarms = Enumerable.Range(0, 3 * Day).Count(m => detector.Observe(state, Gaussian(random) * noise, Minute(m)) is { Alarm: true });

            Assert.Equal(0, alarms);
        }
    }

    [Fact]
    public void Observe_ADailySwingUnderTheRatio_IsSilentFromTheFirstDay()
    {
        // ±6 % around the day, under the 10 % practical change: nothing to report even before the cycle is learnt.
        for (int seed = 1; seed <= 10; seed++)
        {
            var random = new Random(seed);
            var detector = new LevelDriftDetector(new LevelDriftOptions());
            var state = new LevelDriftState();

            int alarms = Enumerable.Range(0, 3 * Day).Count(m => detector.Observe(state, Cycle(m, 0.06) + (Gaussian(random) * 0.12), Minute(m)) is { Alarm: true });

            Assert.Equal(0, alarms);
        }
    }

    [Fact]
    public void Observe_ADailyCycleOfFortyPercent_IsSilentFromTheThirdDay()
    {
        for (int seed = 1; seed <= 10; seed++)
        {
            var random = new Random(seed);
            var detector = new LevelDriftDetector(new LevelDriftOptions());
            var state = new LevelDriftState();
            var alarms = new List<int>();
            for (int m = 0; m < 5 * Day; m++)
            {
                if (detector.Observe(state, Cycle(m, 0.34) + (Gaussian(random) * 0.12), Minute(m)) is { Alarm: true })
                {
                    alarms.Add(m);
                }
            }

            // Before a cycle is known its rising half looks like a drift; a day shaped by an episode is confirmed by the
            // next one before it becomes the profile (an incident does not repeat, a cycle does).
            Assert.NotNull(state.Profile);
            Assert.True(alarms.Count <= 2, $"seed {seed}: {alarms.Count} alarms at {string.Join(", ", alarms)}");
            Assert.All(alarms, m => Assert.True(m < 2 * Day, $"seed {seed}: alarm on day {(m / Day) + 1} at minute {m % Day}"));
        }
    }

    [Fact]
    public void Observe_ACreepOnTopOfALearntDailyCycle_IsReportedWithinThreeHours()
    {
        var delays = new List<int>();
        for (int seed = 1; seed <= 10; seed++)
        {
            var random = new Random(seed);
            var detector = new LevelDriftDetector(new LevelDriftOptions());
            var state = new LevelDriftState();
            int creepStart = (2 * Day) + (9 * 60);
            int? delay = null;
            for (int m = 0; m < creepStart + Day && delay is null; m++)
            {
                double creep = m >= creepStart ? Math.Log(1 + ((m - creepStart) / (double)Day)) : 0;
                if (detector.Observe(state, Cycle(m, 0.34) + (Gaussian(random) * 0.12) + creep, Minute(m)) is { Alarm: true } && m >= 2 * Day)
                {
                    Assert.True(m >= creepStart, $"seed {seed}: alarm {creepStart - m} minutes before the creep started");
                    delay = m - creepStart;
                }
            }

            Assert.NotNull(delay);
            delays.Add(delay.Value);
        }

        Assert.True(delays.Average() <= 180, $"mean delay {delays.Average():F0} min: {string.Join(", ", delays)}");
    }

    [Fact]
    public void Observe_AStepUpForTenHoursAfterTheFirstDay_IsOneAlarmAndTheDropBackEndsTheEpisode()
    {
        // After the first day (whose rows decide whether there is a daily profile at all): a 30 % step for ten hours.
        var random = new Random(7);
        var detector = new LevelDriftDetector(new LevelDriftOptions());
        var state = new LevelDriftState();
        var alarms = new List<int>();
        var recoveries = new List<int>();
        int from = Day + 600;
        for (int m = 0; m < 3 * Day; m++)
        {
            double step = m >= from && m < from + 600 ? Math.Log(1.3) : 0;
            var verdict = detector.Observe(state, (Gaussian(random) * 0.12) + step, Minute(m));
            if (verdict is { Alarm: true })
            {
                alarms.Add(m);
            }

            if (verdict is { Recovered: true })
            {
                recoveries.Add(m);
            }
        }

        Assert.Null(state.Profile);
        Assert.Single(alarms);
        Assert.InRange(alarms[0], from, from + 60);
        Assert.Single(recoveries);
        Assert.InRange(recoveries[0], from + 600, from + 700);
    }

    [Fact]
    public void Observe_ASmallPlateauForPartOfTheFirstDay_IsNoCycleAndRaisesNothingTheNextDay()
    {
        // +7 % from hour 14 to hour 29 (under the practical change): it shapes the first day, but a shape that does
        // not repeat on the second day is never a profile, and as a candidate it may only silence.
        for (int seed = 1; seed <= 10; seed++)
        {
            var random = new Random(seed);
            var detector = new LevelDriftDetector(new LevelDriftOptions());
            var state = new LevelDriftState();
            var alarms = new List<int>();
            for (int m = 0; m < 3 * Day; m++)
            {
                double plateau = m is >= 14 * 60 and < 29 * 60 ? Math.Log(1.07) : 0;
                if (detector.Observe(state, (Gaussian(random) * 0.05) + plateau, Minute(m)) is { Alarm: true })
                {
                    alarms.Add(m);
                }
            }

            Assert.True(alarms.Count == 0, $"seed {seed}: alarms at {string.Join(", ", alarms)}");
            Assert.Null(state.Profile);
        }
    }

    [Fact]
    public void Observe_ARowAtOrBeforeThePreviousMinuteOrNotFinite_IsIgnored()
    {
        var detector = new LevelDriftDetector(new LevelDriftOptions());
        var state = new LevelDriftState();
        for (int m = 0; m < 200; m++)
        {
            detector.Observe(state, 0.01 * (m % 3), Minute(m));
        }

        long rows = state.Rows;

        Assert.Null(detector.Observe(state, 5, Minute(199)));
        Assert.Null(detector.Observe(state, double.NaN, Minute(200)));
        Assert.Equal(rows, state.Rows);
        Assert.NotNull(detector.Observe(state, 0.01, Minute(201)));
    }

    [Fact]
    public void Observe_StateThroughJson_ContinuesExactlyWhereItWas()
    {
        var random = new Random(3);
        var detector = new LevelDriftDetector(new LevelDriftOptions());
        var state = new LevelDriftState();
        var values = Enumerable.Range(0, 2 * Day).Select(m => Cycle(m, 0.3) + (Gaussian(random) * 0.1)).ToArray();
        for (int m = 0; m < Day + 100; m++)
        {
            detector.Observe(state, values[m], Minute(m));
        }

        var copy = System.Text.Json.JsonSerializer.Deserialize<LevelDriftState>(System.Text.Json.JsonSerializer.Serialize(state))!;
        for (int m = Day + 100; m < 2 * Day; m++)
        {
            var a = detector.Observe(state, values[m], Minute(m));
            var b = detector.Observe(copy, values[m], Minute(m));
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Constructor_AnOutOfRangeOption_NamesIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LevelDriftDetector(new LevelDriftOptions { Allowance = 0 }));

        Assert.Equal("Allowance", error.ParamName);
    }

    private static long Minute(int m) => Start + m;

    private static double Cycle(int minute, double amplitude) => amplitude * Math.Sin(2 * Math.PI * minute / Day);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
