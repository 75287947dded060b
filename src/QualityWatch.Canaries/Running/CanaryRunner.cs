using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Telemetry;
using QualityWatch.Core.Canaries;
using QualityWatch.Providers;

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
        // Each provider's client as a ChatClientBuilder chain, outermost first: the daily budget (a refused call never
        // reaches the telemetry layer, so it leaves no span), Microsoft.Extensions.AI's GenAI client span, and the
        // evaluation, which scores the answer and records the canary on that span before it ends.
        _clients = options.Targets.ToDictionary(
            t => t.Options.Name,
            t => new ChatClientBuilder(t.Client)
                .Use(inner => new BudgetChatClient(inner, t.Options, _budget, options.TimeProvider))
                .UseOpenTelemetry(sourceName: CanaryTelemetry.SourceName, configure: ConfigureTelemetry)
                .Use(inner => new CanaryEvaluationChatClient(inner, t.Options))
                .Build(),
            StringComparer.Ordinal);
    }

    // Never message content, whatever OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT says: a long-context prompt
    // would exceed the collector's attribute length limit and have the whole span rejected, and canary answers (other
    // scripts on purpose in the multilingual suite) would feed the collector's content features, which they never have.
    private static void ConfigureTelemetry(OpenTelemetryChatClient telemetry) => telemetry.EnableSensitiveData = false;

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
        var messages = canaryCase.Messages.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content)).ToList();
        using var timing = _options.CallTimer.Begin();
        var call = new CanaryCall(_options.RunId, round, canaryCase, session, provider, maxTokens, start, timing);

        // Each canary call is a trace of its own, whatever the caller is tracing (the change stays in this async flow).
        Activity.Current = null;
        try
        {
            var client = _clients[provider.Name];
            if (_options.Streaming)
            {
                await foreach (var _ in client.GetStreamingResponseAsync(messages, call.Options(), cancellationToken).ConfigureAwait(false))
                {
                }
            }
            else
            {
                await client.GetResponseAsync(messages, call.Options(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (CanaryBudgetExceededException)
        {
            // Refused before the telemetry layer: nothing was sent, no span was started, and there is no result.
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception) when (call.Result is not null)
        {
            // The provider failed; the evaluation has recorded it on the result and the span.
        }
#pragma warning disable CA1031 // A failure outside the provider's client must never stop the other canaries either.
        catch (Exception)
#pragma warning restore CA1031
        {
            call.Complete(CallOutcome.Failed(ProviderErrorTypes.Unknown), span: null);
        }

        return call.Result;
    }
}
