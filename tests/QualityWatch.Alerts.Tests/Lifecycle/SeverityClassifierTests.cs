using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Lifecycle;

public sealed class SeverityClassifierTests
{
    [Theory]
    [InlineData(0.97, 0.85, "ratio", 1e-9, null, AlertSeverity.Critical)] // 12 points, p < 1e-6
    [InlineData(0.97, 0.85, "ratio", 1e-4, null, AlertSeverity.Warning)] // 12 points, only p < 1e-3
    [InlineData(0.97, 0.85, "ratio", 0.01, null, AlertSeverity.Info)] // large but weak
    [InlineData(0.97, 0.92, "ratio", 1e-12, null, AlertSeverity.Warning)] // 5 points: never critical
    [InlineData(0.97, 0.96, "ratio", 1e-12, null, AlertSeverity.Info)] // 1 point
    [InlineData(1.2, 2.4, "s", 1e-8, null, AlertSeverity.Critical)] // latency doubled
    [InlineData(1.2, 1.5, "s", 1e-8, null, AlertSeverity.Warning)] // +25 %
    [InlineData(1.2, 1.3, "s", 1e-8, null, AlertSeverity.Info)] // +8 %
    [InlineData(0.97, 0.80, "ratio", null, 1e7, AlertSeverity.Critical)] // LR 1e7 → p ≤ 1e-7
    [InlineData(0.97, 0.80, "ratio", null, 1e4, AlertSeverity.Warning)] // LR 1e4 → p ≤ 1e-4
    [InlineData(0.0, 0.05, "share", null, null, AlertSeverity.Warning)] // 5 points of Thai, threshold crossed
    [InlineData(0.98, 0.907, "pass-rate", null, 175.5, AlertSeverity.Warning)] // CUSUM crossing h = ln 175.5: calibrated by ARL₀
    [InlineData(0.98, 0.70, "pass-rate", null, 1e7, AlertSeverity.Critical)] // "pass-rate" is a rate: 28 points
    public void Classify_EffectAndConfidence_GivesTableSeverity(double baseline, double current, string unit, double? p, double? lr, AlertSeverity expected)
    {
        var finding = QualityDrop(T0, baseline: baseline, current: current, pValue: p, likelihoodRatio: lr, unit: unit);

        var (severity, reason) = SeverityClassifier.Classify(finding);

        Assert.Equal(expected, severity);
        Assert.Contains("effect", reason, StringComparison.Ordinal);
    }
}
