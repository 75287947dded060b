using System.Diagnostics;

namespace QualityWatch.Simulator;

/// <summary>
/// Simulated time: starts at <see cref="StartTime"/> and runs at <see cref="Speed"/> virtual seconds per real second.
/// Speed 0 is manual mode: time moves only through <see cref="Advance"/> and <see cref="SetTime"/> (tests).
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _anchorVirtual;
    private long _anchorTicks;
    private double _speed;

    /// <summary>Creates a clock at <paramref name="startTime"/> running at <paramref name="speed"/>.</summary>
    public VirtualClock(DateTimeOffset startTime, double speed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(speed);
        StartTime = startTime;
        _anchorVirtual = startTime;
        _anchorTicks = Stopwatch.GetTimestamp();
        _speed = speed;
    }

    /// <summary>Virtual time at which the clock started; scenario offsets count from here.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>Virtual seconds per real second (0 = manual).</summary>
    public double Speed
    {
        get
        {
            lock (_gate)
            {
                return _speed;
            }
        }
    }

    /// <summary>Whether the clock only moves when told to.</summary>
    public bool IsManual => Speed == 0;

    /// <summary>Virtual time elapsed since <see cref="StartTime"/>.</summary>
    public TimeSpan Elapsed => GetUtcNow() - StartTime;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return NowLocked();
        }
    }

    /// <summary>Moves virtual time forward by <paramref name="delta"/>.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate)
        {
            Reanchor(NowLocked() + delta);
        }
    }

    /// <summary>Jumps to <paramref name="time"/> (backwards too; useful to replay a window).</summary>
    public void SetTime(DateTimeOffset time)
    {
        lock (_gate)
        {
            Reanchor(time);
        }
    }

    /// <summary>Changes the speed from now on (0 = manual).</summary>
    public void SetSpeed(double speed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(speed);
        lock (_gate)
        {
            Reanchor(NowLocked());
            _speed = speed;
        }
    }

    private DateTimeOffset NowLocked()
    {
        if (_speed == 0)
        {
            return _anchorVirtual;
        }

        var real = Stopwatch.GetElapsedTime(_anchorTicks);
        return _anchorVirtual + TimeSpan.FromTicks((long)(real.Ticks * _speed));
    }

    private void Reanchor(DateTimeOffset virtualNow)
    {
        _anchorVirtual = virtualNow;
        _anchorTicks = Stopwatch.GetTimestamp();
    }
}
