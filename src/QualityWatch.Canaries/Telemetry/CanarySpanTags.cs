using System.Diagnostics;
using System.Text.Json;
using QualityWatch.Canaries.Running;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Canaries.Telemetry;

/// <summary>
/// What QualityWatch adds to the GenAI client span Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c> records for
/// a canary call. That span already has the operation, provider, model, request options, response id and model, token
/// usage and normalised finish reason; these are only what it cannot know, set with <see cref="Activity.SetTag"/> so
/// that no attribute appears twice.
/// </summary>
internal static class CanarySpanTags
{
    /// <summary>The canary's identity, when the call starts.</summary>
    public static void Identify(Activity span, CanaryCall call)
    {
        var canaryCase = call.Case;
        span.SetTag(GenAiAttributes.ProviderKind, call.Provider.Kind);

        // The case's own value: the request option is a float, which would export 0.7 as 0.699999988.
        if (canaryCase.Options.Temperature is { } temperature)
        {
            span.SetTag(GenAiAttributes.RequestTemperature, temperature);
        }

        span.SetTag(GenAiAttributes.Suite, canaryCase.Suite);
        span.SetTag(GenAiAttributes.CaseId, canaryCase.Id);
        span.SetTag(GenAiAttributes.Category, canaryCase.Category);
        span.SetTag(GenAiAttributes.RunId, call.RunId);
        span.SetTag(GenAiAttributes.Round, call.Round);
        if (call.Session is not null)
        {
            span.SetTag(GenAiAttributes.Session, call.Session);
        }

        foreach (var (key, value) in call.Provider.ResultLabels())
        {
            span.SetTag($"qualitywatch.label.{key}", value);
        }
    }

    /// <summary>The outcome and what the abstractions drop, before the span ends.</summary>
    public static void Record(Activity span, CallOutcome call, CanaryResult result)
    {
        span.SetTag(GenAiAttributes.Outcome, result.Outcome.ToString().ToLowerInvariant());
        span.SetTag(GenAiAttributes.Cost, (double)result.Cost);
        if (call.ErrorType is { } errorType)
        {
            // The telemetry layer sets error.type to the exception's type name; this is the bounded type (503, timeout…)
            // the canary result and the collector use.
            span.SetTag(GenAiAttributes.CanaryErrorType, errorType);
            span.SetStatus(ActivityStatusCode.Error, errorType);
            return;
        }

        if (call.FinishReasonIsRaw && call.FinishReason is { } rawReason)
        {
            span.SetTag(GenAiAttributes.ResponseFinishReasons, JsonSerializer.Serialize(new[] { rawReason }));
        }

        if (call.SystemFingerprint is { } fingerprint)
        {
            span.SetTag(GenAiAttributes.SystemFingerprint, fingerprint);
        }

        if (result.TimeToFirstToken is { } ttft)
        {
            span.SetTag(GenAiAttributes.TimeToFirstChunk, ttft.TotalSeconds);
        }

        if (result.LogprobTokens is { } logprobTokens)
        {
            span.SetTag(GenAiAttributes.LogprobTokens, logprobTokens);
            span.SetTag(GenAiAttributes.GreedyViolations, result.GreedyViolations ?? 0);
        }

        var passed = result.Outcome == CanaryOutcome.Passed;
        var eventTags = new ActivityTagsCollection
        {
            [GenAiAttributes.EvaluationName] = "qualitywatch.canary",
            [GenAiAttributes.EvaluationScoreValue] = passed ? 1.0 : 0.0,
            [GenAiAttributes.EvaluationScoreLabel] = passed ? "pass" : "fail",
        };
        if (!passed)
        {
            eventTags[GenAiAttributes.EvaluationExplanation] = string.Join("; ", result.FailureReasons);
        }

        span.AddEvent(new ActivityEvent(GenAiAttributes.EvaluationEvent, result.Timestamp + result.Latency, eventTags));
    }
}
