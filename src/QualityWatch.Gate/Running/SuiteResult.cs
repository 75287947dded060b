using QualityWatch.Gate.Statistics;
using QualityWatch.Gate.Verdicts;

namespace QualityWatch.Gate.Running;

/// <summary>Where one suite (or all suites pooled) ended: counts, tests, verdict and power disclosure.</summary>
/// <param name="Name">Suite name, or <c>overall</c> for the pooled comparison.</param>
/// <param name="Cases">Cases in the suite.</param>
/// <param name="Counts">Paired outcomes over the completed pairs.</param>
/// <param name="Sprt">Sequential test state at the end.</param>
/// <param name="Alpha">Significance level used for this comparison (after the Bonferroni split).</param>
/// <param name="Decision">Verdict and reason.</param>
/// <param name="Repeats">Most repeats any case of the suite reached.</param>
/// <param name="StoppedEarly">True when the sequential test decided before the budget ran out.</param>
/// <param name="PlannedPairs">Most pairs the budget allows this suite: the n of the power disclosure.</param>
/// <param name="MinimumDetectableDrop">Smallest drop detectable at <paramref name="Alpha"/> with 80% power at <paramref name="PlannedPairs"/>; null when none is.</param>
/// <param name="McNemarPValue">One-sided exact McNemar p-value over the completed pairs.</param>
/// <param name="Unfinished">True when the run stopped before this suite was decided because another suite (or the pooled test) had already failed the release.</param>
internal sealed record SuiteResult(
    string Name,
    int Cases,
    PairCounts Counts,
    SprtState Sprt,
    double Alpha,
    VerdictDecision Decision,
    int Repeats,
    bool StoppedEarly,
    int PlannedPairs,
    double? MinimumDetectableDrop,
    double McNemarPValue,
    bool Unfinished = false);
