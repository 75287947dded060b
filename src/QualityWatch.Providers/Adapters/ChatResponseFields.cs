namespace QualityWatch.Providers.Adapters;

/// <summary>Keys the adapters put in <c>AdditionalProperties</c> of responses and updates.</summary>
public static class ChatResponseFields
{
    /// <summary>The provider's system fingerprint (OpenAI <c>system_fingerprint</c>), when reported.</summary>
    public const string SystemFingerprint = "system_fingerprint";

    /// <summary>The raw finish reason as the provider spelled it (<c>end_turn</c>, <c>STOP</c>…).</summary>
    public const string RawFinishReason = "raw_finish_reason";
}
