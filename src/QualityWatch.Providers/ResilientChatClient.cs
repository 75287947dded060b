using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly;
using QualityWatch.Providers.Resilience;

namespace QualityWatch.Providers;

/// <summary>
/// Wraps an adapter with the provider's resilience pipeline and turns every transport or HTTP failure into a
/// <see cref="ProviderUnavailableException"/>, so callers tell availability failures from quality failures. A
/// <see cref="ChatClientBuilder"/> middleware over the adapter (<see cref="ProviderClientFactory"/>).
/// </summary>
internal sealed class ResilientChatClient(IChatClient inner, ProviderOptions providerOptions, ResiliencePipeline pipeline, IDisposable? owned) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var materialised = messages.ToList();
        try
        {
            return await pipeline.ExecuteAsync(
                static async (state, ct) => await state.Inner.GetResponseAsync(state.materialised, state.options, ct).ConfigureAwait(false),
                (Inner: InnerClient, materialised, options),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            throw Unavailable(ex);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var materialised = messages.ToList();

        // Retries and the attempt timeout cover opening the stream up to its first chunk; once text has
        // arrived a retry would duplicate it, so later failures end the call as unavailable.
        IAsyncEnumerator<ChatResponseUpdate> enumerator;
        bool hasFirst;
        CancellationTokenSource streamLifetime;
        try
        {
            (enumerator, hasFirst, streamLifetime) = await pipeline.ExecuteAsync(
                async ct =>
                {
                    var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var e = InnerClient.GetStreamingResponseAsync(materialised, options, lifetime.Token).GetAsyncEnumerator(lifetime.Token);
                    try
                    {
                        using var attempt = ct.Register(static s => ((CancellationTokenSource)s!).Cancel(), lifetime);
                        return (e, await e.MoveNextAsync().ConfigureAwait(false), lifetime);
                    }
                    catch
                    {
                        await e.DisposeAsync().ConfigureAwait(false);
                        lifetime.Dispose();
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            throw Unavailable(ex);
        }

        using (streamLifetime)
        {
            await using (enumerator.ConfigureAwait(false))
            {
                // The whole stream may take a few attempt timeouts (long answers), never forever.
                streamLifetime.CancelAfter(TimeSpan.FromSeconds(providerOptions.TimeoutSeconds * 4));
                if (!hasFirst)
                {
                    yield break;
                }

                yield return enumerator.Current;
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
                    {
                        throw Unavailable(ex is OperationCanceledException ? new TimeoutException("stream timed out", ex) : ex);
                    }

                    if (!more)
                    {
                        yield break;
                    }

                    yield return enumerator.Current;
                }
            }
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ProviderOptions) ? providerOptions : base.GetService(serviceType, serviceKey);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            owned?.Dispose();
        }
    }

    private static bool IsCallerCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private ProviderUnavailableException Unavailable(Exception exception)
    {
        var classification = ProviderErrorClassifier.Classify(exception);

        // The message names the provider and the error type only: SDK messages may echo request details.
        return new ProviderUnavailableException(providerOptions.Name, classification.ErrorType, classification.StatusCode);
    }
}
