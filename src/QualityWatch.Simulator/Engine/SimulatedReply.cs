namespace QualityWatch.Simulator.Engine;

/// <summary>The engine's answer to one call: an error, or text with usage, finish reason and latency.</summary>
internal sealed record SimulatedReply
{
    public required string Model { get; init; }

    public required DateTimeOffset At { get; init; }

    public SimulatedErrorKind? Error { get; init; }

    /// <summary>For rate limits: seconds the client should wait.</summary>
    public int? RetryAfterSeconds { get; init; }

    public string Text { get; init; } = string.Empty;

    /// <summary>True when the answer ended early (length / max_tokens / MAX_TOKENS).</summary>
    public bool Truncated { get; init; }

    public int InputTokens { get; init; }

    public int OutputTokens { get; init; }

    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>Server pool that served the call: <c>primary</c> or, under routing-bug, <c>long-context</c>.</summary>
    public string Pool { get; init; } = ModelEngine.PrimaryPool;

    public TimeSpan TimeToFirstToken { get; init; }

    public TimeSpan Latency { get; init; }

    /// <summary>For golden prompts: whether the answer is the correct one; null for unknown prompts.</summary>
    public bool? Correct { get; init; }

    public string? Category { get; init; }

    public bool Corrupted { get; init; }

    /// <summary>Seed of the reply's log-probabilities: the answer's own at temperature 0, so repeats report the same.</summary>
    public ulong SamplingKey { get; init; }

    /// <summary>Share of tokens emitted from below the most probable candidate (0 for a healthy temperature-0 call).</summary>
    public double GreedyViolationShare { get; init; }
}
