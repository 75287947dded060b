namespace QualityWatch.Providers.Adapters;

/// <summary>Keys the adapters put in <c>AdditionalProperties</c> of responses and updates.</summary>
public static class ChatResponseFields
{
    /// <summary>The provider's system fingerprint (OpenAI <c>system_fingerprint</c>), when reported.</summary>
    public const string SystemFingerprint = "system_fingerprint";

    /// <summary>The raw finish reason as the provider spelled it (<c>end_turn</c>, <c>STOP</c>…).</summary>
    public const string RawFinishReason = "raw_finish_reason";

    /// <summary>Tokens whose log-probabilities and top candidates were inspected (a <see cref="long"/>; streamed: per update).</summary>
    public const string LogprobTokens = "logprob_tokens";

    /// <summary>Of <see cref="LogprobTokens"/>, those emitted while a top candidate was more probable (a <see cref="long"/>).</summary>
    public const string GreedyViolations = "greedy_violations";
}
