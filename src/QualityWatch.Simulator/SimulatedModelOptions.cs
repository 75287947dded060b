namespace QualityWatch.Simulator;

/// <summary>One simulated model: who serves it, how accurate it is per canary category, and how fast it answers.</summary>
public sealed class SimulatedModelOptions
{
    /// <summary>Model name as requested by clients (for example <c>gpt-4o-mini</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Provider family that serves it in synthetic traffic: <c>openai</c>, <c>anthropic</c> or <c>gcp.gemini</c>.
    /// Every endpoint of the simulator accepts every configured model.</summary>
    public string Provider { get; set; } = "openai";

    /// <summary>Probability of answering a golden prompt correctly, per category (case-insensitive).</summary>
    public Dictionary<string, double> Accuracy { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Accuracy for categories not listed in <see cref="Accuracy"/>.</summary>
    public double DefaultAccuracy { get; set; } = 0.95;

    /// <summary>Median time to first token, in milliseconds.</summary>
    public double TimeToFirstTokenMedianMs { get; set; } = 350;

    /// <summary>Log-normal sigma of time to first token.</summary>
    public double TimeToFirstTokenSigma { get; set; } = 0.35;

    /// <summary>Median time per output token, in milliseconds.</summary>
    public double PerTokenMedianMs { get; set; } = 12;

    /// <summary>Log-normal sigma of time per output token.</summary>
    public double PerTokenSigma { get; set; } = 0.25;

    /// <summary>Share of calls hit by the heavy tail (a Pareto-distributed slowdown on top of the log-normal).</summary>
    public double TailProbability { get; set; } = 0.02;

    /// <summary>System fingerprint reported while the model is healthy.</summary>
    public string Fingerprint { get; set; } = "fp_sim0001";

    /// <summary>How the model writes free-form answers (formatting habits, preamble, signature words, refusals).</summary>
    public SimulatedAnswerStyle Style { get; set; } = new();

    /// <summary>Accuracy for one category.</summary>
    public double AccuracyFor(string category) =>
        Accuracy.TryGetValue(category, out var value) ? value : DefaultAccuracy;
}
