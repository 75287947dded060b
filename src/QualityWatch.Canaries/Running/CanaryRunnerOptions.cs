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
    /// What each call's latency and time to first token are reported as: the wall clock by default. A host whose
    /// providers run on a virtual clock (the demo's simulator) supplies the provider's own timing instead.
    /// </summary>
    public ICallTimer CallTimer { get; set; } = WallClockCallTimer.Instance;

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

    /// <summary>
    /// Stable session identities each provider's canary calls are spread over (<see cref="CanarySessions"/>); 0 or 1
    /// (the default) sends every call without one. A provider that routes sticky per user or session shows a misrouted
    /// session as failures concentrated on it, which the detection engine tests for. Hosts that schedule canaries set
    /// it from <c>canaries.sessions</c> (<see cref="CanariesOptions.Sessions"/>); the gate leaves it off, since the two
    /// halves of its pairs should be sent alike.
    /// </summary>
    public int Sessions { get; set; }

    /// <summary>Checks the options; throws naming the setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(CallTimer);
        if (DefaultMaxTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultMaxTokens), DefaultMaxTokens, "DefaultMaxTokens must be >= 1");
        }

        if (Sessions is < 0 or > CanarySessions.MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(Sessions), Sessions, $"Sessions must be in 0..{CanarySessions.MaxCount}");
        }

        var duplicate = Targets.GroupBy(t => t.Options.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"provider name '{duplicate.Key}' is used twice", nameof(Targets));
        }
    }
}
