using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace QualityWatch.Providers.Adapters;

/// <summary>
/// Copies what canaries need from the OpenAI SDK's raw response into <c>AdditionalProperties</c>: the system
/// fingerprint (a change of it is the model-swap signal) and the finish reason as the provider reported it.
/// </summary>
internal sealed class OpenAiResponseFieldsChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (response.RawRepresentation is ChatCompletion completion)
        {
            var fields = response.AdditionalProperties ??= [];
            fields[ChatResponseFields.RawFinishReason] = completion.FinishReason.ToString();
            if (!string.IsNullOrEmpty(completion.SystemFingerprint))
            {
                fields[ChatResponseFields.SystemFingerprint] = completion.SystemFingerprint;
            }
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (update.RawRepresentation is StreamingChatCompletionUpdate chunk)
            {
                if (!string.IsNullOrEmpty(chunk.SystemFingerprint))
                {
                    (update.AdditionalProperties ??= [])[ChatResponseFields.SystemFingerprint] = chunk.SystemFingerprint;
                }

                if (chunk.FinishReason is { } reason)
                {
                    (update.AdditionalProperties ??= [])[ChatResponseFields.RawFinishReason] = reason.ToString();
                }
            }

            yield return update;
        }
    }
}
