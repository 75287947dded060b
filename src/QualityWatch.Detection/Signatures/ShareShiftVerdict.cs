namespace QualityWatch.Detection.Signatures;

/// <summary>A proportion compared with its baseline (Wilson intervals) plus a test p-value.</summary>
internal sealed record ShareShiftVerdict(bool Alarm, double BaselineShare, double BaselineLow, double BaselineHigh, long BaselineCount, double CurrentShare, double CurrentLow, double CurrentHigh, long CurrentCount, double PValue, double Statistic);
