namespace QualityWatch.Core.Alerts;

/// <summary>The lower-case wire and storage names of <see cref="AlertState"/> and <see cref="AlertSeverity"/>.</summary>
public static class AlertText
{
    /// <summary><c>firing</c>, <c>acknowledged</c>, <c>silenced</c> or <c>resolved</c>.</summary>
    public static string Name(this AlertState state) => state switch
    {
        AlertState.Firing => "firing",
        AlertState.Acknowledged => "acknowledged",
        AlertState.Silenced => "silenced",
        AlertState.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown alert state"),
    };

    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    public static string Name(this AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown alert severity"),
    };

    /// <summary>Parses a state name (case-insensitive); false for anything else.</summary>
    public static bool TryParseState(string? text, out AlertState state)
    {
        foreach (var candidate in Enum.GetValues<AlertState>())
        {
            if (string.Equals(candidate.Name(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    /// <summary>Parses a severity name (case-insensitive); false for anything else.</summary>
    public static bool TryParseSeverity(string? text, out AlertSeverity severity)
    {
        foreach (var candidate in Enum.GetValues<AlertSeverity>())
        {
            if (string.Equals(candidate.Name(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }

        severity = default;
        return false;
    }
}
