using QualityWatch.Detection.Engine;

namespace QualityWatch.Detection.Tests.Engine;

public sealed class QualityMonitorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static DetectionEngineOptions Options(double arl0 = 2_000_000) => new() { QualityArl0 = arl0, MinimumDetectableDrop = 0.03 };

    /// <summary>Feeds i.i.d. checks passing with <paramref name="passRate"/>; returns the alarms (the state starts over after each).</summary>
    private static int Watch(QualityMonitor monitor, ref QualityState state, Random random, double passRate, int checks)
    {
        int alarms = 0;
        for (int i = 0; i < checks; i++)
        {
            if (monitor.Observe(state, random.NextDouble() < passRate, null, T0, alarmOpen: false))
            {
                alarms++;
                state = new QualityState();
            }
        }

        return alarms;
    }

    [Fact]
    public void Healthy_pass_rates_watched_for_a_million_checks_stay_within_the_false_alarm_budget()
    {
        // 40 series × 25,000 i.i.d. checks at 80 % and ARL₀ 2,000,000: the budget is 0.5 alarms. When a check joined the
        // baseline only once the CUSUM was back at zero, an optimistic first estimate locked itself in and this raised 8.
        var monitor = new QualityMonitor(Options());
        var random = new Random(5);
        int alarms = 0;
        for (int series = 0; series < 40; series++)
        {
            var state = new QualityState();
            alarms += Watch(monitor, ref state, random, 0.80, 25_000);
        }

        Assert.True(alarms <= 2, $"{alarms} false alarms in 1,000,000 healthy checks at ARL₀ 2,000,000");
    }

    [Fact]
    public void An_optimistic_first_estimate_is_corrected_as_the_baseline_keeps_growing()
    {
        var monitor = new QualityMonitor(Options());
        var state = new QualityState();
        // A lucky warm-up: 291 of 300 (97 %) while the model really passes 94 %.
        for (int i = 0; i < 300; i++)
        {
            monitor.Observe(state, i % 100 >= 3, null, T0, alarmOpen: false);
        }

        Assert.Equal(0.97, state.BaselinePassRate!.Value, 3);
        var random = new Random(2);
        Assert.Equal(0, Watch(monitor, ref state, random, 0.94, 20_000));
        Assert.InRange(state.BaselinePassRate!.Value, 0.935, 0.945);
        Assert.True(state.BaselineChecks > 10_000, $"baseline of {state.BaselineChecks} checks");
    }

    [Fact]
    public void A_drop_is_alarmed_on_before_its_checks_reach_the_baseline()
    {
        var monitor = new QualityMonitor(Options());
        var state = new QualityState();
        var random = new Random(3);
        Assert.Equal(0, Watch(monitor, ref state, random, 0.95, 10_000));
        double before = state.BaselinePassRate!.Value;
        int checks = 0;
        while (!monitor.Observe(state, random.NextDouble() < 0.90, null, T0, alarmOpen: false))
        {
            checks++;
            Assert.True(checks < 20_000, "a 5-point drop was not alarmed on in 20,000 checks");
        }

        Assert.True(checks < state.BaselineLag, $"alarm after {checks} checks, lag {state.BaselineLag}");
        Assert.Equal(before, state.BaselinePassRate!.Value, 3);
    }

    [Fact]
    public void The_lag_is_twice_the_tuned_delay_but_never_longer_than_the_baseline()
    {
        long young = QualityMonitor.LagFor(0.94, 0.91, 300, 2_000_000);
        long old = QualityMonitor.LagFor(0.94, 0.91, 100_000, 2_000_000);
        Assert.Equal(300, young);
        Assert.InRange(old, 500, 10_000);
    }
}
