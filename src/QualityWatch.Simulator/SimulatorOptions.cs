namespace QualityWatch.Simulator;

/// <summary>Options of the provider simulator, bound from the <c>Simulator</c> configuration section.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Simulator";

    /// <summary>Port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>Seed of every random draw: same seed, same answers.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Virtual seconds per real second; 0 is manual mode (tests advance the clock).</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Real sleep = simulated latency × this factor (1 = real time, 0 = no sleep).</summary>
    public double LatencyScale { get; set; } = 1;

    /// <summary>Virtual time at start; null means now, rounded down to the minute.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Simulated models; empty means <see cref="DefaultModels"/>.</summary>
    public List<SimulatedModelOptions> Models { get; set; } = [];

    /// <summary>Scenarios on the timeline; empty means healthy.</summary>
    public List<ScenarioOptions> Scenarios { get; set; } = [];

    /// <summary>The models used when none are configured: two OpenAI, one Anthropic and one Gemini model.</summary>
    public static IReadOnlyList<SimulatedModelOptions> DefaultModels() =>
    [
        new()
        {
            Name = "gpt-4o-mini", Provider = "openai", DefaultAccuracy = 0.95, Fingerprint = "fp_0ba0d124f1",
            Accuracy = new(StringComparer.OrdinalIgnoreCase) { ["arithmetic"] = 0.97, ["long-context"] = 0.90, ["code"] = 0.93 },
            TimeToFirstTokenMedianMs = 300, PerTokenMedianMs = 9,
            Style = new() { BulletShare = 0.15, RefusalShare = 0.01, Vocabulary = ["simply", "quick", "basically"] },
        },
        new()
        {
            Name = "gpt-4.1", Provider = "openai", DefaultAccuracy = 0.97, Fingerprint = "fp_b42ad9a7b3",
            Accuracy = new(StringComparer.OrdinalIgnoreCase) { ["arithmetic"] = 0.98, ["long-context"] = 0.94, ["code"] = 0.96 },
            TimeToFirstTokenMedianMs = 450, PerTokenMedianMs = 14,
            Style = new() { HeadingShare = 0.5, BulletShare = 0.6, BoldShare = 0.4, CodeFenceShare = 0.05, Vocabulary = ["key", "overview", "summary"] },
        },
        new()
        {
            Name = "claude-sonnet-4", Provider = "anthropic", DefaultAccuracy = 0.96, Fingerprint = "claude-sonnet-4-20250514",
            Accuracy = new(StringComparer.OrdinalIgnoreCase) { ["arithmetic"] = 0.97, ["long-context"] = 0.95, ["code"] = 0.97 },
            TimeToFirstTokenMedianMs = 600, PerTokenMedianMs = 16,
            Style = new() { Preamble = "Certainly! ", BulletShare = 0.3, BoldShare = 0.1, RefusalShare = 0.04, Vocabulary = ["nuanced", "thoughtful", "notably"] },
        },
        new()
        {
            Name = "gemini-2.5-flash", Provider = "gcp.gemini", DefaultAccuracy = 0.94, Fingerprint = "gemini-2.5-flash-001",
            Accuracy = new(StringComparer.OrdinalIgnoreCase) { ["arithmetic"] = 0.96, ["long-context"] = 0.92, ["code"] = 0.92 },
            TimeToFirstTokenMedianMs = 380, PerTokenMedianMs = 6,
            Style = new() { BulletShare = 0.5, BoldShare = 0.7, CodeFenceShare = 0.2, TrailingNewline = true, Vocabulary = ["essentially", "crucial", "overall"] },
        },
    ];

    /// <summary>Checks ranges and names once, up front; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Simulator:Port must be in [0, 65535], was {Port}.", nameof(Port));
        }

        if (Speed < 0 || double.IsNaN(Speed) || double.IsInfinity(Speed))
        {
            throw new ArgumentException($"Simulator:Speed must be >= 0, was {Speed}.", nameof(Speed));
        }

        if (LatencyScale < 0 || double.IsNaN(LatencyScale) || double.IsInfinity(LatencyScale))
        {
            throw new ArgumentException($"Simulator:LatencyScale must be >= 0, was {LatencyScale}.", nameof(LatencyScale));
        }

        foreach (var model in Models)
        {
            if (string.IsNullOrWhiteSpace(model.Name))
            {
                throw new ArgumentException("Simulator:Models: every model needs a Name.", nameof(Models));
            }

            if (model.Style.Problem() is { } problem)
            {
                throw new ArgumentException($"Simulator:Models:{model.Name}: {problem}.", nameof(Models));
            }

            foreach (var (category, accuracy) in model.Accuracy.Append(new("default", model.DefaultAccuracy)))
            {
                if (accuracy is < 0 or > 1)
                {
                    throw new ArgumentException($"Simulator:Models:{model.Name}: accuracy of '{category}' must be in [0, 1], was {accuracy}.", nameof(Models));
                }
            }
        }

        foreach (var scenario in Scenarios)
        {
            if (!ScenarioCatalog.IsKnown(scenario.Name))
            {
                throw new ArgumentException($"Simulator:Scenarios: unknown scenario '{scenario.Name}' (known: {string.Join(", ", ScenarioCatalog.Names)}).", nameof(Scenarios));
            }

            var models = Models.Count > 0 ? Models : DefaultModels();
            if (scenario.Model is { } target && !models.Any(m => string.Equals(m.Name, target, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"Simulator:Scenarios:{scenario.Name}: unknown model '{target}' (known: {string.Join(", ", models.Select(m => m.Name))}).", nameof(Scenarios));
            }

            if (scenario.StartAfter < TimeSpan.Zero || scenario.Duration <= TimeSpan.Zero)
            {
                throw new ArgumentException($"Simulator:Scenarios:{scenario.Name}: StartAfter must be >= 0 and Duration > 0.", nameof(Scenarios));
            }
        }
    }
}
