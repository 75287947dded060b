namespace QualityWatch.Cli.Demo;

/// <summary>The demo's command-line settings.</summary>
internal sealed record DemoSettings
{
    /// <summary>Which plan to play (<see cref="DemoPlan.Names"/>).</summary>
    public string Scenario { get; init; } = DemoPlan.August2025;

    /// <summary>Simulated hours.</summary>
    public double Hours { get; init; } = 48;

    /// <summary>Simulated seconds per real second; 0 runs as fast as the machine allows.</summary>
    public double Speed { get; init; }

    /// <summary>Keep the review page and /metrics up after the summary, until Ctrl+C.</summary>
    public bool KeepServing { get; init; }

    /// <summary>Where the SQLite database goes; a new temporary directory when null.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Golden suites; the repository's <c>canaries/</c> when null.</summary>
    public string? SuitesDirectory { get; init; }

    /// <summary>Seed of the simulator (same seed, same run).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Simulated time between two canary rounds and detection passes.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Canary cases sent to each provider per round (rotating through every suite).</summary>
    public int CasesPerRound { get; init; } = 63;

    /// <summary>Synthetic application calls per simulated minute, across all models.</summary>
    public int TrafficPerMinute { get; init; } = 25;

    public void Validate()
    {
        if (!DemoPlan.Names.Contains(Scenario, StringComparer.Ordinal))
        {
            throw CliException.Usage($"--scenario must be one of {string.Join(", ", DemoPlan.Names)}, not '{Scenario}'");
        }

        if (Hours is < 6 or > 24 * 14)
        {
            throw CliException.Usage($"--hours must be between 6 and 336, not {Hours}");
        }

        if (Speed < 0 || double.IsNaN(Speed))
        {
            throw CliException.Usage($"--speed must be 0 (as fast as possible) or positive, not {Speed}");
        }
    }
}
