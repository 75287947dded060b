namespace QualityWatch.Simulator;

/// <summary>One scenario on the virtual timeline. Scenarios combine: several may be active at once.</summary>
public sealed class ScenarioOptions
{
    /// <summary>Scenario name from <see cref="ScenarioCatalog"/> (for example <c>routing-bug</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Target model; null means every model.</summary>
    public string? Model { get; set; }

    /// <summary>Virtual time after the clock's start at which the scenario begins.</summary>
    public TimeSpan StartAfter { get; set; }

    /// <summary>How long it lasts in virtual time; null means until the simulator stops.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>Optional scenario parameters (for example <c>Share</c>, <c>Factor</c>, <c>ErrorRate</c>);
    /// see <see cref="ScenarioCatalog"/> for each scenario's parameters and defaults.</summary>
    public Dictionary<string, double> Parameters { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A parameter or its default.</summary>
    public double Parameter(string name, double defaultValue) =>
        Parameters.TryGetValue(name, out var value) ? value : defaultValue;
}
