namespace QualityWatch.Gate.Statistics;

/// <summary>
/// Tallies of paired outcomes: the same case (and repeat) answered by the baseline and by the candidate.
/// </summary>
/// <param name="BothPassed">Pairs where both passed.</param>
/// <param name="Regressions">Pairs where the baseline passed and the candidate failed (McNemar's b).</param>
/// <param name="Improvements">Pairs where the baseline failed and the candidate passed (McNemar's c).</param>
/// <param name="BothFailed">Pairs where both failed.</param>
internal readonly record struct PairCounts(int BothPassed, int Regressions, int Improvements, int BothFailed)
{
    public int Pairs => BothPassed + Regressions + Improvements + BothFailed;

    public int Discordant => Regressions + Improvements;

    public int CandidatePassed => BothPassed + Improvements;

    public int BaselinePassed => BothPassed + Regressions;

    /// <summary>Baseline pass rate minus candidate pass rate; positive means the candidate is worse.</summary>
    public double Drop => Pairs == 0 ? 0 : (double)(Regressions - Improvements) / Pairs;

    public PairCounts Add(bool baselinePassed, bool candidatePassed) => (baselinePassed, candidatePassed) switch
    {
        (true, true) => this with { BothPassed = BothPassed + 1 },
        (true, false) => this with { Regressions = Regressions + 1 },
        (false, true) => this with { Improvements = Improvements + 1 },
        (false, false) => this with { BothFailed = BothFailed + 1 },
    };

    public static PairCounts operator +(PairCounts left, PairCounts right) => new(
        left.BothPassed + right.BothPassed,
        left.Regressions + right.Regressions,
        left.Improvements + right.Improvements,
        left.BothFailed + right.BothFailed);
}
