namespace QualityWatch.Canaries.Tests.TestSupport;

/// <summary>A clock the test moves by hand (virtual time, like the demo's).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
