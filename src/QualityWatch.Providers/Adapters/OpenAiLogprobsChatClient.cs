using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace QualityWatch.Providers.Adapters;

/// <summary>
/// For providers that opt in (<see cref="ProviderOptions.Logprobs"/>): asks temperature-0 calls for log-probabilities
/// with the top candidates, and reports on the response (or each streamed update) how many tokens were inspected and
/// how many were not the top candidate (<see cref="ChatResponseFields.LogprobTokens"/>,
/// <see cref="ChatResponseFields.GreedyViolations"/>). Calls above temperature 0 sample by design and are left alone.
/// </summary>
internal sealed class OpenAiLogprobsChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    // Enough to see the most probable candidate whatever was emitted; OpenAI allows up to 20.
    internal const int TopCandidates = 5;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, Ask(options), cancellationToken).ConfigureAwait(false);
        if (IsGreedy(options) && response.RawRepresentation is ChatCompletion completion)
        {
            Report(response.AdditionalProperties ??= [], GreedyDecodingCheck.Count(completion.ContentTokenLogProbabilities));
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var greedy = IsGreedy(options);
        await foreach (var update in base.GetStreamingResponseAsync(messages, Ask(options), cancellationToken).ConfigureAwait(false))
        {
            if (greedy && update.RawRepresentation is StreamingChatCompletionUpdate chunk && chunk.ContentTokenLogProbabilities is { Count: > 0 } tokens)
            {
                Report(update.AdditionalProperties ??= [], GreedyDecodingCheck.Count(tokens));
            }

            yield return update;
        }
    }

    private static bool IsGreedy(ChatOptions? options) => options?.Temperature is 0f;

    private static ChatOptions? Ask(ChatOptions? options)
    {
        if (!IsGreedy(options))
        {
            return options;
        }

        var asked = options!.Clone();
        var previous = asked.RawRepresentationFactory;
        asked.RawRepresentationFactory = client =>
        {
            var raw = previous?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            raw.IncludeLogProbabilities = true;
            raw.TopLogProbabilityCount = TopCandidates;
            return raw;
        };
        return asked;
    }

    private static void Report(AdditionalPropertiesDictionary fields, (long Tokens, long Violations) counts)
    {
        fields[ChatResponseFields.LogprobTokens] = counts.Tokens;
        fields[ChatResponseFields.GreedyViolations] = counts.Violations;
    }
}
