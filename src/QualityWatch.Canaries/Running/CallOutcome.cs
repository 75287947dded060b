using Microsoft.Extensions.AI;
using QualityWatch.Providers.Adapters;

namespace QualityWatch.Canaries.Running;

/// <summary>What one canary call returned, read from the response (or the streamed updates), or how it failed.</summary>
internal sealed record CallOutcome(
    string Text,
    string? FinishReason,
    string? ResponseModel,
    string? ResponseId,
    string? SystemFingerprint,
    long? InputTokens,
    long? OutputTokens,
    TimeSpan? TimeToFirstToken,
    string? ErrorType)
{
    public long? LogprobTokens { get; init; }

    public long? GreedyViolations { get; init; }

    /// <summary>
    /// Whether <see cref="FinishReason"/> is only the provider's raw spelling: Microsoft.Extensions.AI's span records
    /// the normalised reason, and knows nothing of the raw one.
    /// </summary>
    public bool FinishReasonIsRaw { get; init; }

    public static CallOutcome Failed(string errorType) => new(string.Empty, null, null, null, null, null, null, null, errorType);

    public static CallOutcome Read(ChatResponse response)
    {
        string? fingerprint = response.AdditionalProperties?.TryGetValue(ChatResponseFields.SystemFingerprint, out var value) == true ? value as string : null;
        return new CallOutcome(
            response.Text,
            FinishReasonOf(response.FinishReason, response.AdditionalProperties),
            response.ModelId,
            response.ResponseId,
            fingerprint,
            response.Usage?.InputTokenCount,
            response.Usage?.OutputTokenCount,
            null,
            null)
        {
            LogprobTokens = Count(response.AdditionalProperties, ChatResponseFields.LogprobTokens),
            GreedyViolations = Count(response.AdditionalProperties, ChatResponseFields.GreedyViolations),
            FinishReasonIsRaw = response.FinishReason is null,
        };
    }

    public static long? Count(AdditionalPropertiesDictionary? properties, string key) =>
        properties?.TryGetValue(key, out var value) == true && value is long count ? count : null;

    // The normalised reason (stop, length, content_filter) keeps series comparable across providers.
    public static string? FinishReasonOf(ChatFinishReason? reason, AdditionalPropertiesDictionary? properties) =>
        reason?.Value ?? (properties?.TryGetValue(ChatResponseFields.RawFinishReason, out var raw) == true ? raw as string : null);
}
