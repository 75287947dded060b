namespace QualityWatch.Simulator.Tests.TestSupport;

/// <summary>One call as a scenario test sees it, normalised across protocols.</summary>
/// <param name="Status">HTTP status (200 on success).</param>
/// <param name="Text">Answer text (empty on error).</param>
/// <param name="Truncated">Finish reason was length / max_tokens / MAX_TOKENS.</param>
/// <param name="Fingerprint">system_fingerprint (OpenAI only).</param>
/// <param name="LatencyMs">Simulated latency from <c>x-sim-latency-ms</c>.</param>
/// <param name="Pool">Serving pool from <c>x-sim-pool</c>.</param>
/// <param name="OutputTokens">Reported output tokens.</param>
internal sealed record CallOutcome(int Status, string Text, bool Truncated, string? Fingerprint, double? LatencyMs, string? Pool, long OutputTokens)
{
    public bool Ok => Status == 200;
}
