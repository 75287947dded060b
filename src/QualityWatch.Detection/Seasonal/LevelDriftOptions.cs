using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Seasonal;

/// <summary>
/// Options of <see cref="LevelDriftDetector"/>. The defaults are the engine's: per-minute rows of a log-scaled signal
/// (latency, time to first token, output tokens per call), so changes are ratios.
/// </summary>
public sealed record LevelDriftOptions
{
    /// <summary>Smallest move of the level away from its reference that is worth an alarm, in value units (the engine
    /// passes log(1.10): a 10 % rise). Below it no amount of statistical evidence raises anything: a busy series'
    /// per-minute median is precise enough to make a 2 % wobble significant.</summary>
    public double PracticalChange { get; init; } = Math.Log(1.10);

    /// <summary>Healthy rows between false alarms of the CUSUM alone (ARL₀, Siegmund's approximation): a million
    /// minutes is about two years per series and signal.</summary>
    public double Arl0Rows { get; init; } = 1_000_000;

    /// <summary>CUSUM allowance k in noise standard deviations: tuned for a shift of 2k = half a standard deviation of
    /// one row, the size a slow creep reaches within a couple of hours.</summary>
    public double Allowance { get; init; } = 0.25;

    /// <summary>Rows over which the reference forgets (weight 1/N per healthy row, and a plain mean before that): half
    /// a day, so a creep of hours stands out against it while a new normal is absorbed within a day.</summary>
    public int ReferenceMemoryRows { get; init; } = 720;

    /// <summary>Rows that set the first reference and scale.</summary>
    public int WarmUpRows { get; init; } = 30;

    /// <summary>Rows of history before an alarm may be raised: the reference's own uncertainty (σ/√n) must be small
    /// next to the allowance, or the chart's run length collapses.</summary>
    public int MinimumHistoryRows { get; init; } = 120;

    /// <summary>Weight of a new row in the recent level the practical rule compares (about a quarter of an hour).</summary>
    public double RecentSmoothing { get; init; } = 1.0 / 15;

    /// <summary>Consecutive rows with the recent level back within half the practical change that end an episode.</summary>
    public int RecoveryRows { get; init; } = 30;

    /// <summary>Slots of the daily profile (288: five minutes each).</summary>
    public int SlotsPerDay { get; init; } = 288;

    /// <summary>Weight of a new day in the profile once it exists (about four days of memory).</summary>
    public double ProfileSmoothing { get; init; } = 0.25;

    /// <summary>A first-day profile is adopted only when its variance is this many times what noise alone would give
    /// it: a series without a daily cycle keeps none, instead of subtracting a profile of noise from every row. With
    /// 288 slots smoothed in threes (about 96 independent ones) a pure-noise profile's variance is within ±15 % of its
    /// expectation, so 1.5 is over three standard errors out, and a cycle of a third of the noise is already kept.</summary>
    public double ProfileSignificance { get; init; } = 1.5;

    /// <summary>Floor of the noise scale, in value units (the engine's 0.01 is 1 %: no latency median is steadier).</summary>
    public double MinimumScale { get; init; } = 0.01;

    internal void Validate()
    {
        OptionChecks.Between(PracticalChange, 0, 100, nameof(PracticalChange), exclusive: true);
        OptionChecks.Between(Arl0Rows, 10, 1e12, nameof(Arl0Rows), exclusive: false);
        OptionChecks.Between(Allowance, 0, 5, nameof(Allowance), exclusive: true);
        OptionChecks.AtLeast(ReferenceMemoryRows, 2, nameof(ReferenceMemoryRows));
        OptionChecks.AtLeast(WarmUpRows, 3, nameof(WarmUpRows));
        OptionChecks.AtLeast(MinimumHistoryRows, WarmUpRows, nameof(MinimumHistoryRows));
        OptionChecks.Between(RecentSmoothing, 0, 1, nameof(RecentSmoothing), exclusive: true);
        OptionChecks.AtLeast(RecoveryRows, 1, nameof(RecoveryRows));
        OptionChecks.Between(SlotsPerDay, 1, 1440, nameof(SlotsPerDay), exclusive: false);
        OptionChecks.Between(ProfileSmoothing, 0, 1, nameof(ProfileSmoothing), exclusive: true);
        OptionChecks.Between(ProfileSignificance, 1, 1e6, nameof(ProfileSignificance));
        OptionChecks.Between(MinimumScale, 0, 100, nameof(MinimumScale), exclusive: true);
    }
}
