namespace QualityWatch.Detection.Signatures;

/// <summary>Multi-window burn-rate evaluation for one rule.</summary>
internal sealed record BurnRateVerdict(bool Alarm, double LongBurnRate, double ShortBurnRate, int LongMinutes, int ShortMinutes, double Factor, double Errors, double Calls);
