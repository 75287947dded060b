using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Canaries.Running;

/// <summary>What a <see cref="CanaryRunner"/> runs, where results go, and how time is measured.</summary>
public sealed class CanaryRunnerOptions
{
    /// <summary>Identifies this run in results and traces.</summary>
    public string RunId { get; set; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Suites sent each round.</summary>
    public IReadOnlyList<CanarySuite> Suites { get; set; } = [];

    /// <summary>Providers sent to; one failing never stops the others.</summary>
    public IReadOnlyList<CanaryTarget> Targets { get; set; } = [];

    /// <summary>Clock for result timestamps, span times and budget days (the demo uses a virtual clock).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Real seconds per reported second: measured latency is divided by it. 1 for real providers; a simulator that
    /// compresses time by 1000× is run with 0.001 so latencies read in virtual time.
    /// </summary>
    public double LatencyScale { get; set; } = 1;

    /// <summary>Stream answers, which also measures time to first token.</summary>
    public bool Streaming { get; set; } = true;

    /// <summary>max_tokens sent when a case sets none (bounds cost and the budget reservation).</summary>
    public int DefaultMaxTokens { get; set; } = 256;

    /// <summary>Where results are stored after each round; optional.</summary>
    public ICanaryResultStore? Store { get; set; }

    /// <summary>Budget ledger shared by every run of this process; one is created when not given.</summary>
    public ProviderBudgetLedger? Budget { get; set; }

    /// <summary>Called after each result (progress bars); must be thread-safe.</summary>
    public Action<CanaryResult>? OnResult { get; set; }

    /// <summary>Checks the options; throws naming the setting.</summary>
    public void Validate()
    {
        if (!(LatencyScale > 0) || !double.IsFinite(LatencyScale))
        {
            throw new ArgumentOutOfRangeException(nameof(LatencyScale), LatencyScale, "LatencyScale must be a positive number");
        }

        if (DefaultMaxTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultMaxTokens), DefaultMaxTokens, "DefaultMaxTokens must be >= 1");
        }

        var duplicate = Targets.GroupBy(t => t.Options.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"provider name '{duplicate.Key}' is used twice", nameof(Targets));
        }
    }
}
