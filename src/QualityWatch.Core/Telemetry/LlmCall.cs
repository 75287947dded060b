namespace QualityWatch.Core.Telemetry;

/// <summary>
/// One LLM call, normalised from whatever produced it: an OTLP span following the GenAI semantic
/// conventions (or an older attribute set), or a canary call made by QualityWatch itself.
/// </summary>
/// <remarks>
/// Field names follow the OpenTelemetry GenAI semantic conventions
/// (https://opentelemetry.io/docs/specs/semconv/gen-ai/). Prompt and completion text are never carried here:
/// only <see cref="ContentFeatures"/> derived from them.
/// </remarks>
/// <param name="StartTime">Event time: the span start time, not the arrival time.</param>
/// <param name="Duration">Client-observed operation duration.</param>
/// <param name="TimeToFirstToken">Time to the first streamed chunk, when the call streamed.</param>
/// <param name="Provider"><c>gen_ai.provider.name</c> (or the older <c>gen_ai.system</c>).</param>
/// <param name="RequestModel"><c>gen_ai.request.model</c>.</param>
/// <param name="ResponseModel"><c>gen_ai.response.model</c>, when the provider reported one.</param>
/// <param name="Operation"><c>gen_ai.operation.name</c>, for example <c>chat</c>.</param>
/// <param name="InputTokens"><c>gen_ai.usage.input_tokens</c>.</param>
/// <param name="OutputTokens"><c>gen_ai.usage.output_tokens</c>.</param>
/// <param name="FinishReason">The first of <c>gen_ai.response.finish_reasons</c>.</param>
/// <param name="ErrorType"><c>error.type</c>; null when the call succeeded.</param>
/// <param name="Labels">Configured extra labels (region, deployment, server.address…).</param>
/// <param name="Content">Features derived from the output text, when the text was available.</param>
/// <param name="CacheReadInputTokens"><c>gen_ai.usage.cache_read.input_tokens</c>: input tokens served from the provider's prompt cache (part of <paramref name="InputTokens"/>).</param>
/// <param name="ReasoningOutputTokens"><c>gen_ai.usage.reasoning.output_tokens</c>: output tokens spent on reasoning (part of <paramref name="OutputTokens"/>).</param>
/// <param name="Reference">The span's trace and span id, when it had valid ones.</param>
public sealed record LlmCall(
    DateTimeOffset StartTime,
    TimeSpan Duration,
    TimeSpan? TimeToFirstToken,
    string Provider,
    string RequestModel,
    string? ResponseModel,
    string Operation,
    long? InputTokens,
    long? OutputTokens,
    string? FinishReason,
    string? ErrorType,
    IReadOnlyDictionary<string, string> Labels,
    ContentFeatures? Content,
    long? CacheReadInputTokens = null,
    long? ReasoningOutputTokens = null,
    CallReference? Reference = null)
{
    /// <summary>True when the call failed at the transport, HTTP or provider level.</summary>
    public bool IsError => ErrorType is not null;
}
