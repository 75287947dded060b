using System.Runtime.CompilerServices;
using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace QualityWatch.Providers.Adapters;

/// <summary>
/// Copies the stop reason as Anthropic reported it (<c>end_turn</c>, <c>max_tokens</c>, <c>refusal</c>…) into
/// <c>AdditionalProperties</c>, and owns the SDK client so that disposing the chat client releases it.
/// </summary>
internal sealed class AnthropicResponseFieldsChatClient(IChatClient inner, AnthropicClient client) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (response.RawRepresentation is Message { StopReason: { } stop })
        {
            (response.AdditionalProperties ??= [])[ChatResponseFields.RawFinishReason] = stop.Raw();
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (StopReasonOf(update.RawRepresentation) is { } stop)
            {
                (update.AdditionalProperties ??= [])[ChatResponseFields.RawFinishReason] = stop;
            }

            yield return update;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            client.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string? StopReasonOf(object? raw) => raw switch
    {
        RawMessageStreamEvent e when e.TryPickDelta(out var delta) => delta.Delta.StopReason?.Raw(),
        RawMessageDeltaEvent delta => delta.Delta.StopReason?.Raw(),
        _ => null,
    };
}
