namespace QualityWatch.Simulator;

/// <summary>The scenario names the simulator understands.</summary>
public static class ScenarioNames
{
    /// <summary>No fault: for false-alarm tests.</summary>
    public const string Healthy = "healthy";

    /// <summary>p50/p95 latency creeps up to <c>Factor</c> (default 2) over the scenario's duration.</summary>
    public const string LatencyDrift = "latency-drift";

    /// <summary>Latency jumps by <c>Factor</c> (default 3) for the scenario's duration.</summary>
    public const string LatencyStep = "latency-step";

    /// <summary>A share <c>ErrorRate</c> (default 0.3) of calls fail with 503/529/429/500.</summary>
    public const string ErrorBurst = "error-burst";

    /// <summary>401 for connections first seen during the outage; established connections keep working.</summary>
    public const string AuthOutage = "auth-outage";

    /// <summary>A growing, sticky share of users served by the wrong server pool.</summary>
    public const string RoutingBug = "routing-bug";

    /// <summary>Stray Thai/Chinese characters in English answers; syntax errors in code answers.</summary>
    public const string OutputCorruption = "output-corruption";

    /// <summary>Approximate top-k miscompilation: accuracy drops by <c>AccuracyDrop</c> (default 0.03) everywhere.</summary>
    public const string TopKMiscompile = "topk-miscompile";

    /// <summary>A different model behind the same name.</summary>
    public const string SilentModelSwap = "silent-model-swap";

    /// <summary>A share <c>Share</c> (default 0.15) of answers stop early with finish reason length.</summary>
    public const string Truncation = "truncation";
}
