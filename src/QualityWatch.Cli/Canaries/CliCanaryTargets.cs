using QualityWatch.Canaries.Running;
using QualityWatch.Providers;
using QualityWatch.Simulator.Timing;

namespace QualityWatch.Cli.Canaries;

/// <summary>
/// Canary targets as the CLI's verbs build them (<c>canary run</c>, <c>gate</c>, <c>serve</c>, <c>demo</c>): every
/// provider's client sends through the simulator's timing handler, so that a run pointed at <c>qualitywatch simulate</c>
/// or the demo's simulator reports the latency the simulator simulated (with <see cref="SimulatedCallTimer"/>). Real
/// providers send no such headers and are timed on the wall clock. The provider adapters, the canary runner and the
/// gate know nothing of the simulator: this host adds it.
/// </summary>
internal static class CliCanaryTargets
{
    public static CanaryTarget Create(ProviderOptions options) => CanaryTarget.Create(options, new SimulatedTimingHandler());
}
