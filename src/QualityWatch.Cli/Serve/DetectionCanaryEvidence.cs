using QualityWatch.Canaries.Scheduling;
using QualityWatch.Detection.Engine;

namespace QualityWatch.Cli.Serve;

/// <summary>The detection engine's canary evidence, for the scheduler's adaptive rate (the two modules meet in the host).</summary>
internal sealed class DetectionCanaryEvidence(DetectionEngine engine) : ICanaryEvidence
{
    public double Of(string provider, string model, string suite) => engine.CanaryEvidence(provider, model, suite);
}
