namespace QualityWatch.Core.Canaries;

/// <summary>The result of one golden prompt sent to one provider and model.</summary>
/// <param name="RunId">Identifies one invocation of the runner (or one scheduler lifetime).</param>
/// <param name="Round">Round number within the run, from 1.</param>
/// <param name="Timestamp">When the call started (event time; virtual time under the simulator).</param>
/// <param name="Provider">Configured provider name (for example <c>openai-prod</c>).</param>
/// <param name="Model">Requested model.</param>
/// <param name="Suite">Suite name from the suite file.</param>
/// <param name="CaseId">Case id, unique within its suite.</param>
/// <param name="Category">Case category (the suite's, unless the case sets its own).</param>
/// <param name="Outcome">Passed, failed (quality) or unavailable (availability).</param>
/// <param name="Latency">Call duration.</param>
/// <param name="TimeToFirstToken">Time to first streamed chunk, when streamed.</param>
/// <param name="InputTokens">Reported input tokens.</param>
/// <param name="OutputTokens">Reported output tokens.</param>
/// <param name="Cost">Cost in US dollars from the configured price table; 0 when unknown.</param>
/// <param name="FinishReason">Provider's finish reason.</param>
/// <param name="ErrorType">For unavailable calls: the error type (HTTP status, timeout…).</param>
/// <param name="Expected">A human-readable statement of what was expected.</param>
/// <param name="Actual">The answer text (canary answers are synthetic, never user data).</param>
/// <param name="FailureReasons">Assertions that failed, one line each.</param>
/// <param name="SystemFingerprint">Provider's system fingerprint / response model, for swap detection.</param>
/// <param name="Labels">Provider labels (region…) carried on every result.</param>
/// <param name="TraceId">Trace id of the call's span, when the span was recorded (exported somewhere a reviewer can
/// look it up); null otherwise.</param>
/// <param name="SpanId">Span id of the call, with <paramref name="TraceId"/>.</param>
/// <param name="Session">The canary session identity the call was sent under (OpenAI <c>user</c>, Anthropic
/// <c>metadata.user_id</c>, an optional session header): a provider that routes sticky per user or session sends all
/// of one session's calls to the same place, so failures concentrated on a session point at routing. Null when the
/// runner spreads calls over no sessions.</param>
/// <param name="LogprobTokens">Temperature-0 answer tokens whose log-probabilities and top candidates were inspected
/// (providers that opt in with <c>logprobs</c>); null when none were reported.</param>
/// <param name="GreedyViolations">Of <paramref name="LogprobTokens"/>, tokens emitted while a more probable candidate
/// existed: at temperature 0 the sampler should always take the top one; null when none were inspected.</param>
public sealed record CanaryResult(
    string RunId,
    int Round,
    DateTimeOffset Timestamp,
    string Provider,
    string Model,
    string Suite,
    string CaseId,
    string Category,
    CanaryOutcome Outcome,
    TimeSpan Latency,
    TimeSpan? TimeToFirstToken,
    long? InputTokens,
    long? OutputTokens,
    decimal Cost,
    string? FinishReason,
    string? ErrorType,
    string Expected,
    string? Actual,
    IReadOnlyList<string> FailureReasons,
    string? SystemFingerprint,
    IReadOnlyDictionary<string, string> Labels,
    string? TraceId = null,
    string? SpanId = null,
    string? Session = null,
    long? LogprobTokens = null,
    long? GreedyViolations = null);
