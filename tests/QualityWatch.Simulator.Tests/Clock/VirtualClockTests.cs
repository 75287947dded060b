namespace QualityWatch.Simulator.Tests.Clock;

public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset Start = new(2025, 9, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ManualClock_DoesNotMoveUntilAdvanced()
    {
        var clock = new VirtualClock(Start, 0);
        await Task.Delay(20);

        Assert.Equal(Start, clock.GetUtcNow());
        Assert.True(clock.IsManual);
        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(Start.AddHours(5), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromHours(5), clock.Elapsed);
    }

    [Fact]
    public void SetTime_JumpsBackwardsAndForwards()
    {
        var clock = new VirtualClock(Start, 0);

        clock.SetTime(Start.AddDays(2));
        Assert.Equal(Start.AddDays(2), clock.GetUtcNow());
        clock.SetTime(Start.AddMinutes(1));
        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
    }

    [Fact]
    public async Task RunningClock_AdvancesSpeedTimesFasterThanRealTime()
    {
        var clock = new VirtualClock(Start, 3600);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(50);
        var virtualElapsed = clock.GetUtcNow() - Start;
        var realElapsed = stopwatch.Elapsed;

        Assert.True(virtualElapsed >= TimeSpan.FromSeconds(50 * 3.6 * 0.9), $"virtual {virtualElapsed}");
        Assert.True(virtualElapsed <= realElapsed * 3600 * 1.1, $"virtual {virtualElapsed} real {realElapsed}");
    }

    [Fact]
    public async Task SetSpeed_Zero_FreezesTheClock()
    {
        var clock = new VirtualClock(Start, 1000);
        await Task.Delay(10);
        clock.SetSpeed(0);
        var frozen = clock.GetUtcNow();
        await Task.Delay(20);

        Assert.Equal(frozen, clock.GetUtcNow());
        Assert.True(frozen > Start);
    }

    [Fact]
    public void Advance_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VirtualClock(Start, 0).Advance(TimeSpan.FromSeconds(-1)));
}
