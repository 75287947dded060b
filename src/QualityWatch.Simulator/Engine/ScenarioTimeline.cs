namespace QualityWatch.Simulator.Engine;

/// <summary>Turns the configured scenarios and a virtual instant into the faults active for a model.</summary>
internal sealed class ScenarioTimeline(IReadOnlyList<ScenarioOptions> scenarios, DateTimeOffset clockStart)
{
    public FaultSet At(DateTimeOffset now, string model)
    {
        var faults = FaultSet.None;
        var active = new List<ActiveFault>();
        foreach (var scenario in scenarios)
        {
            if (scenario.Model is not null && !string.Equals(scenario.Model, model, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var start = clockStart + scenario.StartAfter;
            DateTimeOffset? end = scenario.Duration is { } d ? start + d : null;
            if (now < start || now >= end)
            {
                continue;
            }

            // Progress through the window in [0, 1]; open-ended ramps use 24 h.
            var length = scenario.Duration ?? TimeSpan.FromHours(24);
            var progress = Math.Clamp((now - start) / length, 0, 1);
            double intensity;
            switch (ScenarioCatalog.Get(scenario.Name).Name)
            {
                case ScenarioNames.LatencyDrift:
                    intensity = 1 + ((scenario.Parameter("Factor", 2.0) - 1) * progress);
                    faults = faults with { LatencyMultiplier = faults.LatencyMultiplier * intensity };
                    break;
                case ScenarioNames.LatencyStep:
                    intensity = scenario.Parameter("Factor", 3.0);
                    faults = faults with { LatencyMultiplier = faults.LatencyMultiplier * intensity };
                    break;
                case ScenarioNames.ErrorBurst:
                    intensity = Math.Clamp(scenario.Parameter("ErrorRate", 0.3), 0, 1);
                    var period = scenario.Parameter("PeriodMinutes", 0);
                    if (period > 0 && (now - start).TotalMinutes % period >= scenario.Parameter("BurstMinutes", 5))
                    {
                        // Between bursts: the scenario is running but calls succeed.
                        intensity = 0;
                    }

                    faults = faults with { ErrorRate = 1 - ((1 - faults.ErrorRate) * (1 - intensity)) };
                    break;
                case ScenarioNames.AuthOutage:
                    intensity = 1;
                    faults = faults with { AuthOutageSince = faults.AuthOutageSince is { } s && s < start ? s : start };
                    break;
                case ScenarioNames.RoutingBug:
                    var from = scenario.Parameter("StartShare", 0.008);
                    var to = scenario.Parameter("EndShare", 0.16);
                    intensity = from + ((to - from) * progress);
                    faults = faults with
                    {
                        RoutingShare = Math.Max(faults.RoutingShare, intensity),
                        RoutingLongContextAccuracy = scenario.Parameter("LongContextAccuracy", 0.45),
                        RoutingOtherAccuracyDrop = scenario.Parameter("OtherAccuracyDrop", 0.02),
                    };
                    break;
                case ScenarioNames.OutputCorruption:
                    intensity = scenario.Parameter("Share", 0.05);
                    faults = faults with { CorruptionShare = Math.Max(faults.CorruptionShare, intensity) };
                    break;
                case ScenarioNames.TopKMiscompile:
                    intensity = scenario.Parameter("AccuracyDrop", 0.03);
                    faults = faults with
                    {
                        TopKAccuracyDrop = faults.TopKAccuracyDrop + intensity,
                        TopKDivergenceShare = Math.Max(faults.TopKDivergenceShare, Math.Clamp(scenario.Parameter("DivergenceShare", 0.15), 0, 1)),
                        GreedyViolationShare = Math.Max(faults.GreedyViolationShare, Math.Clamp(scenario.Parameter("GreedyViolationShare", 0.02), 0, 1)),
                    };
                    break;
                case ScenarioNames.SilentModelSwap:
                    intensity = 1;
                    faults = faults with
                    {
                        Swapped = true,
                        SwapLengthFactor = scenario.Parameter("LengthFactor", 1.6),
                        SwapAccuracyDrop = scenario.Parameter("AccuracyDrop", 0.01),
                        SwapShare = Math.Clamp(scenario.Parameter("Share", 1.0), 0, 1),
                        SwapKeepsFingerprint = scenario.Parameter("KeepFingerprint", 0) > 0,
                    };
                    break;
                case ScenarioNames.Truncation:
                    intensity = scenario.Parameter("Share", 0.15);
                    faults = faults with { TruncationShare = Math.Max(faults.TruncationShare, intensity) };
                    break;
                default:
                    continue; // healthy: nothing to inject, nothing to report.
            }

            active.Add(new ActiveFault(scenario.Name, intensity, start, end));
        }

        return active.Count == 0 ? FaultSet.None : faults with { Active = active };
    }
}
