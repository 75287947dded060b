using System.Diagnostics;
using Microsoft.Extensions.AI;
using QualityWatch.Canaries.Scoring;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;
using QualityWatch.Providers;

namespace QualityWatch.Canaries.Running;

/// <summary>
/// One canary call on its way through a provider's chain: the case and identity the runner sends it with, the clock it
/// is timed on, and the result, which <see cref="CanaryEvaluationChatClient"/> scores inside the telemetry layer (so
/// that the outcome is on the GenAI span before the span ends) and hands back here for the runner.
/// </summary>
internal sealed class CanaryCall(
    string runId,
    int round,
    CanaryCase canaryCase,
    string? session,
    ProviderOptions provider,
    int maxTokens,
    DateTimeOffset start,
    ICallTiming timing)
{
    /// <summary>Key of the call in <see cref="ChatOptions.AdditionalProperties"/>; the evaluation removes it before the provider client.</summary>
    public const string PropertyName = "qualitywatch.canary.call";

    public string RunId => runId;

    public int Round => round;

    public CanaryCase Case => canaryCase;

    public string? Session => session;

    public ProviderOptions Provider => provider;

    public int MaxTokens => maxTokens;

    /// <summary>When the call started, on the runner's clock (virtual in the demo): the span's start.</summary>
    public DateTimeOffset Start => start;

    /// <summary>Wall-clock time since the call was handed to the chain, which <see cref="ICallTiming"/> turns into what is reported.</summary>
    public Stopwatch Stopwatch { get; } = Stopwatch.StartNew();

    /// <summary>The scored result, once the call has completed or failed.</summary>
    public CanaryResult? Result { get; private set; }

    /// <summary>The call <paramref name="options"/> carry, if any.</summary>
    public static CanaryCall? Of(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PropertyName, out var value) == true ? value as CanaryCall : null;

    /// <summary><paramref name="options"/> without the call: nothing below the evaluation needs it, and no adapter should see an object it cannot send.</summary>
    public static ChatOptions? Without(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.ContainsKey(PropertyName))
        {
            return options;
        }

        var clone = options.Clone();
        clone.AdditionalProperties!.Remove(PropertyName);
        return clone;
    }

    /// <summary>The request options of this call, carrying it.</summary>
    public ChatOptions Options()
    {
        var options = new ChatOptions
        {
            Temperature = (float?)canaryCase.Options.Temperature,
            TopP = (float?)canaryCase.Options.TopP,
            MaxOutputTokens = maxTokens,
            Seed = canaryCase.Options.Seed,
            AdditionalProperties = new() { [PropertyName] = this },
        };
        return ChatSession.With(options, session);
    }

    /// <summary>Scores <paramref name="call"/> into the result; <paramref name="span"/> is the call's GenAI span, if recorded.</summary>
    public CanaryResult Complete(CallOutcome call, Activity? span)
    {
        var latency = timing.Latency(Stopwatch.Elapsed);
        var timeToFirstToken = call.TimeToFirstToken is { } ttft ? timing.TimeToFirstToken(ttft) : (TimeSpan?)null;
        CanaryOutcome outcome;
        IReadOnlyList<string> reasons;
        if (call.ErrorType is not null)
        {
            outcome = CanaryOutcome.Unavailable;
            reasons = [];
        }
        else
        {
            var score = CanaryScoring.Score(canaryCase, call.Text);
            outcome = score.Passed ? CanaryOutcome.Passed : CanaryOutcome.Failed;
            reasons = score.FailureReasons;
        }

        var cost = call.ErrorType is null ? provider.CostOf(call.InputTokens ?? 0, call.OutputTokens ?? 0) : 0m;
        Result = new CanaryResult(
            runId,
            round,
            start,
            provider.Name,
            provider.Model,
            canaryCase.Suite,
            canaryCase.Id,
            canaryCase.Category,
            outcome,
            latency,
            timeToFirstToken,
            call.InputTokens,
            call.OutputTokens,
            cost,
            call.FinishReason,
            call.ErrorType,
            canaryCase.Expected,
            call.ErrorType is null ? call.Text : null,
            reasons,
            call.SystemFingerprint ?? call.ResponseModel,
            provider.ResultLabels(),
            // Only a recorded span can be looked up by its ids; an unsampled one would be a dead reference.
            span is { Recorded: true } ? span.TraceId.ToHexString() : null,
            span is { Recorded: true } ? span.SpanId.ToHexString() : null,
            session,
            call.ErrorType is null ? call.LogprobTokens : null,
            call.ErrorType is null ? call.GreedyViolations : null);
        return Result;
    }
}
