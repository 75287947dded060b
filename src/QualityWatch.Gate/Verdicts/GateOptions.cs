namespace QualityWatch.Gate.Verdicts;

/// <summary>Thresholds and budget of the release gate (section <c>Gate</c>; command-line flags override).</summary>
internal sealed class GateOptions
{
    public const string SectionName = "Gate";

    /// <summary>The smallest drop in pass rate the gate must catch (the SPRT's alternative), as a fraction.</summary>
    public double MaxDrop { get; set; } = Defaults.MaxDrop;

    /// <summary>The candidate's pass rate must not be significantly below this floor.</summary>
    public double MinPassRate { get; set; } = Defaults.MinPassRate;

    /// <summary>False-fail rate: one-sided significance level (split across suites, Bonferroni).</summary>
    public double Alpha { get; set; } = Defaults.Alpha;

    /// <summary>False-pass rate at a drop of <see cref="MaxDrop"/> (1 − power).</summary>
    public double Beta { get; set; } = Defaults.Beta;

    /// <summary>Provider calls allowed (candidate plus live baseline); null sizes the budget from the discordance seen in
    /// the run (<see cref="Statistics.GateBudget"/>), at least <see cref="Defaults.Rounds"/> rounds per suite, at most
    /// <see cref="MaxRepeats"/> rounds and <see cref="Defaults.MaxCallsCeiling"/> calls.</summary>
    public int? MaxCalls { get; set; }

    /// <summary>When true an inconclusive gate exits 0 instead of 1.</summary>
    public bool AllowInconclusive { get; set; }

    /// <summary>Pairs run between two looks at the sequential test.</summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Pairs in flight at once.</summary>
    public int Parallelism { get; set; } = Defaults.Parallelism;

    /// <summary>Most repeats of each case, whatever the budget.</summary>
    public int MaxRepeats { get; set; } = Defaults.MaxRepeats;

    /// <summary>This many consecutive pairs with an unavailable side stop the gate as "provider unavailable".</summary>
    public int UnavailableAfterConsecutive { get; set; } = Defaults.UnavailableAfterConsecutive;

    /// <summary>More than this share of pairs with an unavailable side makes the run "provider unavailable".</summary>
    public double MaxUnavailableShare { get; set; } = Defaults.MaxUnavailableShare;

    /// <summary>Seed of the case order within each repeat (early stopping must not favour the top of a file).</summary>
    public int Seed { get; set; } = Defaults.Seed;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option and its allowed range.</summary>
    public void Validate()
    {
        Require(MaxDrop is > 0 and < 1, "max-drop", MaxDrop, "(0, 1)");
        Require(MinPassRate is >= 0 and <= 1, "min-pass-rate", MinPassRate, "[0, 1]");
        Require(Alpha is > 0 and < 0.5, "alpha", Alpha, "(0, 0.5)");
        Require(Beta is > 0 and < 0.5, "beta", Beta, "(0, 0.5)");
        Require(MaxCalls is null or >= 1, "max-calls", MaxCalls ?? 0, ">= 1");
        Require(BatchSize >= 1, "batch-size", BatchSize, ">= 1");
        Require(Parallelism >= 1, "parallelism", Parallelism, ">= 1");
        Require(MaxRepeats >= 1, "max-repeats", MaxRepeats, ">= 1");
        Require(UnavailableAfterConsecutive >= 1, "unavailable-after-consecutive", UnavailableAfterConsecutive, ">= 1");
        Require(MaxUnavailableShare is >= 0 and < 1, "max-unavailable-share", MaxUnavailableShare, "[0, 1)");
    }

    private static void Require(bool condition, string name, double value, string range)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in {range}, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }

    internal static class Defaults
    {
        public const double MaxDrop = 0.02;
        public const double MinPassRate = 0.9;
        public const double Alpha = 0.05;
        public const double Beta = 0.2;
        public const int Rounds = 3;
        public const int BatchSize = 10;
        public const int Parallelism = 4;
        public const int MaxRepeats = 30;
        public const int MaxCallsCeiling = 20_000;
        public const int UnavailableAfterConsecutive = 5;
        public const double MaxUnavailableShare = 0.1;
        public const int Seed = 20_240_601;
    }
}
