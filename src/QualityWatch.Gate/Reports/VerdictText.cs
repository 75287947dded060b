using QualityWatch.Gate.Verdicts;

namespace QualityWatch.Gate.Reports;

/// <summary>How verdicts read in every report, and whether one blocks the release.</summary>
internal static class VerdictText
{
    public static string Of(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => "PASS",
        GateVerdict.Fail => "FAIL",
        _ => "INCONCLUSIVE",
    };

    /// <summary>FAIL blocks; INCONCLUSIVE blocks unless the run allows it.</summary>
    public static bool Blocks(GateVerdict verdict, bool allowInconclusive) =>
        verdict == GateVerdict.Fail || (verdict == GateVerdict.Inconclusive && !allowInconclusive);
}
