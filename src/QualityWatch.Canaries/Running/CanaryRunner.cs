using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using QualityWatch.Canaries.Scoring;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Telemetry;
using QualityWatch.Core.Canaries;
using QualityWatch.Providers;
using QualityWatch.Providers.Adapters;

namespace QualityWatch.Canaries.Running;

/// <summary>
/// Sends every case of every suite to every provider, scores the answers and records each result with its latency,
/// tokens, cost and trace. Providers run in parallel, each within its own concurrency limit and daily budget; a
/// transport or HTTP failure is an <see cref="CanaryOutcome.Unavailable"/> result, never a quality failure.
/// </summary>
public sealed class CanaryRunner
{
    private readonly CanaryRunnerOptions _options;
    private readonly ProviderBudgetLedger _budget;
    private readonly Dictionary<string, SemaphoreSlim> _concurrency;
    private readonly Dictionary<string, IChatClient> _clients;
    private long _skippedForBudget;

    /// <summary>Creates a runner; the options are validated here.</summary>
    public CanaryRunner(CanaryRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _budget = options.Budget ?? new ProviderBudgetLedger();
        _concurrency = options.Targets.ToDictionary(t => t.Options.Name, t => new SemaphoreSlim(t.Options.MaxConcurrency), StringComparer.Ordinal);
        // Each provider's client, with the daily budget as the outermost middleware of its ChatClientBuilder chain.
        _clients = options.Targets.ToDictionary(
            t => t.Options.Name,
            t => new ChatClientBuilder(t.Client).Use(inner => new BudgetChatClient(inner, t.Options, _budget, options.TimeProvider)).Build(),
            StringComparer.Ordinal);
    }

    /// <summary>Calls not sent because they could have exceeded a provider's daily budget.</summary>
    public long SkippedForBudget => Interlocked.Read(ref _skippedForBudget);

    /// <summary>The run's options.</summary>
    public CanaryRunnerOptions Options => _options;

    /// <summary>Runs every configured suite once against every provider.</summary>
    public Task<IReadOnlyList<CanaryResult>> RunRoundAsync(int round, CancellationToken cancellationToken) =>
        RunSuitesAsync(round, _options.Suites, cancellationToken);

    /// <summary>
    /// Runs <paramref name="suites"/> once against every provider, or only those named in <paramref name="providers"/>
    /// (the scheduler runs suites that are due, and extra runs on a provider whose evidence is rising).
    /// </summary>
    public async Task<IReadOnlyList<CanaryResult>> RunSuitesAsync(int round, IReadOnlyList<CanarySuite> suites, CancellationToken cancellationToken, IReadOnlyCollection<string>? providers = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(round);
        ArgumentNullException.ThrowIfNull(suites);
        var results = new ConcurrentBag<(int Order, CanaryResult Result)>();
        var order = 0;
        var work = new List<(int Order, CanaryTarget Target, CanaryCase Case, string? Session)>();
        foreach (var target in _options.Targets.Where(t => providers is null || providers.Contains(t.Options.Name)))
        {
            foreach (var canaryCase in suites.SelectMany(s => s.Cases))
            {
                for (var repeat = 0; repeat < canaryCase.Repeat; repeat++)
                {
                    work.Add((order++, target, canaryCase, CanarySessions.For(target.Options.Name, canaryCase.Suite, canaryCase.Id, round, repeat, _options.Sessions)));
                }
            }
        }

        await Task.WhenAll(work.Select(async item =>
        {
            if (await RunCaseAsync(round, item.Target, item.Case, item.Session, cancellationToken).ConfigureAwait(false) is { } result)
            {
                results.Add((item.Order, result));
                _options.OnResult?.Invoke(result);
            }
        })).ConfigureAwait(false);

        var ordered = results.OrderBy(r => r.Order).Select(r => r.Result).ToList();
        if (_options.Store is { } store && ordered.Count > 0)
        {
            await store.AppendAsync(ordered, cancellationToken).ConfigureAwait(false);
        }

        return ordered;
    }

    private async Task<CanaryResult?> RunCaseAsync(int round, CanaryTarget target, CanaryCase canaryCase, string? session, CancellationToken cancellationToken)
    {
        var provider = target.Options;
        var semaphore = _concurrency[provider.Name];
        await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var maxTokens = canaryCase.Options.MaxTokens ?? _options.DefaultMaxTokens;
            var start = _options.TimeProvider.GetUtcNow();
            var result = await CallAndScoreAsync(round, target, canaryCase, session, maxTokens, start, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                Interlocked.Increment(ref _skippedForBudget);
            }

            return result;
        }
        finally
        {
            semaphore.Release();
        }
    }

    private async Task<CanaryResult?> CallAndScoreAsync(int round, CanaryTarget target, CanaryCase canaryCase, string? session, int maxTokens, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var provider = target.Options;
        using var activity = CanaryTelemetry.Source.StartActivity(ActivityKind.Client, parentContext: default, tags: null, links: null, startTime: start);
        if (activity is not null)
        {
            activity.DisplayName = $"chat {provider.Model}";
            activity.SetTag(GenAiAttributes.OperationName, "chat");
            activity.SetTag(GenAiAttributes.ProviderName, provider.Name);
            activity.SetTag("qualitywatch.provider.kind", provider.Kind);
            activity.SetTag(GenAiAttributes.RequestModel, provider.Model);
            activity.SetTag(GenAiAttributes.RequestMaxTokens, maxTokens);
            if (canaryCase.Options.Temperature is { } temperature)
            {
                activity.SetTag(GenAiAttributes.RequestTemperature, temperature);
            }

            if (canaryCase.Options.Seed is { } seed)
            {
                activity.SetTag(GenAiAttributes.RequestSeed, seed);
            }

            activity.SetTag(GenAiAttributes.Suite, canaryCase.Suite);
            activity.SetTag(GenAiAttributes.CaseId, canaryCase.Id);
            activity.SetTag(GenAiAttributes.Category, canaryCase.Category);
            activity.SetTag(GenAiAttributes.RunId, _options.RunId);
            activity.SetTag(GenAiAttributes.Round, round);
            if (session is not null)
            {
                activity.SetTag(GenAiAttributes.Session, session);
            }
            foreach (var (key, value) in provider.ResultLabels())
            {
                activity.SetTag($"qualitywatch.label.{key}", value);
            }
        }

        var messages = canaryCase.Messages.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content)).ToList();
        var chatOptions = new ChatOptions
        {
            Temperature = (float?)canaryCase.Options.Temperature,
            TopP = (float?)canaryCase.Options.TopP,
            MaxOutputTokens = maxTokens,
            Seed = canaryCase.Options.Seed,
        };
        ChatSession.With(chatOptions, session);

        using var timing = _options.CallTimer.Begin();
        var stopwatch = Stopwatch.StartNew();
        CallOutcome call;
        try
        {
            var client = _clients[provider.Name];
            call = _options.Streaming
                ? await StreamAsync(client, messages, chatOptions, stopwatch, cancellationToken).ConfigureAwait(false)
                : Read(await client.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false));
        }
        catch (CanaryBudgetExceededException)
        {
            // Nothing was sent: no result, and the span started for the call is dropped rather than exported.
            if (activity is not null)
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }

            return null;
        }
        catch (ProviderUnavailableException ex)
        {
            call = CallOutcome.Failed(ex.ErrorType);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
            throw;
        }
#pragma warning disable CA1031 // A faulty adapter or provider must never stop the other canaries.
        catch (Exception)
#pragma warning restore CA1031
        {
            call = CallOutcome.Failed(ProviderErrorTypes.Unknown);
        }

        stopwatch.Stop();
        var latency = timing.Latency(stopwatch.Elapsed);
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
        var result = new CanaryResult(
            _options.RunId,
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
            activity is { Recorded: true } ? activity.TraceId.ToHexString() : null,
            activity is { Recorded: true } ? activity.SpanId.ToHexString() : null,
            session,
            call.ErrorType is null ? call.LogprobTokens : null,
            call.ErrorType is null ? call.GreedyViolations : null);
        if (activity is not null)
        {
            Annotate(activity, call, result);
            activity.SetEndTime((start + latency).UtcDateTime);
        }

        return result;
    }

    private static void Annotate(Activity activity, CallOutcome call, CanaryResult result)
    {
        activity.SetTag(GenAiAttributes.Outcome, result.Outcome.ToString().ToLowerInvariant());
        activity.SetTag(GenAiAttributes.Cost, (double)result.Cost);
        if (call.ErrorType is { } errorType)
        {
            activity.SetTag(GenAiAttributes.ErrorType, errorType);
            activity.SetStatus(ActivityStatusCode.Error, errorType);
            return;
        }

        activity.SetTag(GenAiAttributes.ResponseModel, call.ResponseModel);
        activity.SetTag(GenAiAttributes.ResponseId, call.ResponseId);
        activity.SetTag(GenAiAttributes.InputTokens, call.InputTokens);
        activity.SetTag(GenAiAttributes.OutputTokens, call.OutputTokens);
        if (call.FinishReason is { } finishReason)
        {
            activity.SetTag(GenAiAttributes.ResponseFinishReasons, new[] { finishReason });
        }

        if (call.SystemFingerprint is { } fingerprint)
        {
            activity.SetTag(GenAiAttributes.SystemFingerprint, fingerprint);
        }

        if (result.TimeToFirstToken is { } ttft)
        {
            activity.SetTag(GenAiAttributes.TimeToFirstChunk, ttft.TotalSeconds);
        }

        if (result.LogprobTokens is { } logprobTokens)
        {
            activity.SetTag(GenAiAttributes.LogprobTokens, logprobTokens);
            activity.SetTag(GenAiAttributes.GreedyViolations, result.GreedyViolations ?? 0);
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

        activity.AddEvent(new ActivityEvent(GenAiAttributes.EvaluationEvent, result.Timestamp + result.Latency, eventTags));
    }

    private static async Task<CallOutcome> StreamAsync(IChatClient client, List<ChatMessage> messages, ChatOptions options, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        TimeSpan? firstToken = null;
        string? finishReason = null, model = null, fingerprint = null, responseId = null;
        long? input = null, output = null, logprobTokens = null, greedyViolations = null;
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            var chunk = update.Text;
            if (firstToken is null && chunk.Length > 0)
            {
                firstToken = stopwatch.Elapsed;
            }

            text.Append(chunk);
            model ??= update.ModelId;
            responseId ??= update.ResponseId;
            finishReason = FinishReasonOf(update.FinishReason, update.AdditionalProperties) ?? finishReason;
            if (update.AdditionalProperties?.TryGetValue(ChatResponseFields.SystemFingerprint, out var value) == true && value is string print)
            {
                fingerprint = print;
            }

            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                input = usage.Details.InputTokenCount ?? input;
                output = usage.Details.OutputTokenCount ?? output;
            }

            // Each streamed update reports its own tokens' log-probabilities: the answer's are their sum.
            if (Count(update.AdditionalProperties, ChatResponseFields.LogprobTokens) is { } tokens)
            {
                logprobTokens = (logprobTokens ?? 0) + tokens;
                greedyViolations = (greedyViolations ?? 0) + (Count(update.AdditionalProperties, ChatResponseFields.GreedyViolations) ?? 0);
            }
        }

        return new CallOutcome(text.ToString(), finishReason, model, responseId, fingerprint, input, output, firstToken ?? stopwatch.Elapsed, null)
        {
            LogprobTokens = logprobTokens,
            GreedyViolations = greedyViolations,
        };
    }

    private static CallOutcome Read(ChatResponse response)
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
        };
    }

    private static long? Count(AdditionalPropertiesDictionary? properties, string key) =>
        properties?.TryGetValue(key, out var value) == true && value is long count ? count : null;

    // The normalised reason (stop, length, content_filter) keeps series comparable across providers.
    private static string? FinishReasonOf(ChatFinishReason? reason, AdditionalPropertiesDictionary? properties) =>
        reason?.Value ?? (properties?.TryGetValue(ChatResponseFields.RawFinishReason, out var raw) == true ? raw as string : null);

    private sealed record CallOutcome(
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

        public static CallOutcome Failed(string errorType) => new(string.Empty, null, null, null, null, null, null, null, errorType);
    }
}
