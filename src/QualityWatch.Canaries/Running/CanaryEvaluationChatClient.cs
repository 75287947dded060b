using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using QualityWatch.Canaries.Telemetry;
using QualityWatch.Providers;

namespace QualityWatch.Canaries.Running;

/// <summary>
/// The innermost canary middleware, inside <c>UseOpenTelemetry()</c>: it names the GenAI client span
/// Microsoft.Extensions.AI started with the canary's identity and the runner's clock, scores the answer, and records
/// the outcome, the evaluation event and what the abstractions do not carry (system fingerprint, log-probability
/// counts, time to first chunk on the runner's clock) on that span before it ends; the result goes back to the runner
/// through the <see cref="CanaryCall"/> the options carry. Calls without one pass through untouched.
/// </summary>
/// <remarks>
/// It also answers for the provider's <see cref="ChatClientMetadata"/>: the span's <c>gen_ai.provider.name</c> and
/// <c>gen_ai.request.model</c> are the configured provider name and model, which the collector keys canary series by,
/// and no <c>server.address</c> is reported, as a configured series label on it would split the canary series.
/// </remarks>
internal sealed class CanaryEvaluationChatClient(IChatClient inner, ProviderOptions provider) : DelegatingChatClient(inner)
{
    private readonly ChatClientMetadata _metadata = new(provider.Name, providerUri: null, defaultModelId: provider.Model);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (CanaryCall.Of(options) is not { } call)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        var span = Begin(call);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, CanaryCall.Without(options), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Drop(span);
            throw;
        }
        catch (Exception exception)
        {
            // Recorded, then rethrown: the budget must see that nothing was answered, and the telemetry layer marks the span failed.
            Finish(call, span, CallOutcome.Failed(ErrorTypeOf(exception)));
            throw;
        }

        Finish(call, span, CallOutcome.Read(response));
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (CanaryCall.Of(options) is not { } call)
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var span = Begin(call);
        var answer = new StreamedAnswer(call.Stopwatch);
        var updates = base.GetStreamingResponseAsync(messages, CanaryCall.Without(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Drop(span);
                    throw;
                }
                catch (Exception exception)
                {
                    Finish(call, span, CallOutcome.Failed(ErrorTypeOf(exception)));
                    throw;
                }

                answer.Add(updates.Current);
                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }

        // The last update is in: scored and recorded before the telemetry layer ends the span, as the stream completes.
        Finish(call, span, answer.Outcome());
    }

    // The span the telemetry layer above started for this call; none when no host listens to the canary source.
    private static Activity? Begin(CanaryCall call)
    {
        var span = Activity.Current is { } current && current.Source.Name == CanaryTelemetry.SourceName ? current : null;
        if (span is not null)
        {
            // Started on the wall clock: the runner's clock (virtual in the demo) files the call in its minute.
            span.SetStartTime(call.Start.UtcDateTime);
            if (span.IsAllDataRequested)
            {
                CanarySpanTags.Identify(span, call);
            }
        }

        return span;
    }

    private static void Finish(CanaryCall call, Activity? span, CallOutcome outcome)
    {
        var result = call.Complete(outcome, span);
        if (span is null)
        {
            return;
        }

        if (span.IsAllDataRequested)
        {
            CanarySpanTags.Record(span, outcome, result);
        }

        // Activity.Stop keeps an end time already set, so the span lasts the reported latency, not the wall clock's.
        span.SetEndTime((result.Timestamp + result.Latency).UtcDateTime);
    }

    // The caller stopped (a host shutting down): the call has no result, so its span is not exported either, or the
    // collector would count an unavailable call that never was.
    private static void Drop(Activity? span)
    {
        if (span is not null)
        {
            span.IsAllDataRequested = false;
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    // A faulty adapter or provider must never stop the other canaries: anything else is an unknown availability failure.
    private static string ErrorTypeOf(Exception exception) =>
        exception is ProviderUnavailableException unavailable ? unavailable.ErrorType : ProviderErrorTypes.Unknown;
}
