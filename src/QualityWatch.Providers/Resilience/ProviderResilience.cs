using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace QualityWatch.Providers.Resilience;

/// <summary>
/// The per-provider pipeline: retries (jittered exponential backoff, Retry-After honoured) around a circuit breaker
/// around a per-attempt timeout. One pipeline per provider, so one provider's breaker never trips another's.
/// </summary>
internal static class ProviderResilience
{
    public static ResiliencePipeline Build(ProviderOptions options, TimeProvider timeProvider)
    {
        var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = options.Name };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(options.RetryBaseDelaySeconds),
                MaxDelay = maxRetryAfter,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && ex is not BrokenCircuitException
                    && ShouldRetry(ex, maxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && ProviderErrorClassifier.Classify(ex).RetryAfter is { } retryAfter
                        ? (TimeSpan?)retryAfter
                        : null),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(options.CircuitSamplingSeconds),
            BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakSeconds),
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && ProviderErrorClassifier.Classify(ex).Transient),
        });
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds) });
        return builder.Build();
    }

    private static bool ShouldRetry(Exception exception, TimeSpan maxRetryAfter)
    {
        var classification = ProviderErrorClassifier.Classify(exception);
        return classification.Transient && (classification.RetryAfter is null || classification.RetryAfter <= maxRetryAfter);
    }
}
