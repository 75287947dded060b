namespace QualityWatch.Detection.Signatures;

/// <summary>Latency windows compared: medians, their ratio, Mann–Whitney and Kolmogorov–Smirnov p-values.</summary>
internal sealed record LatencyDriftVerdict(bool PracticallyLarge, double BaselineMedian, double BaselineLow, double BaselineHigh, int BaselineCount, double CurrentMedian, double CurrentLow, double CurrentHigh, int CurrentCount, double Ratio, double MannWhitneyU, double PValue, double KsStatistic, double KsPValue);
