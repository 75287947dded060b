using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace QualityWatch.Providers.Adapters;

/// <summary>
/// Puts the call's <see cref="ChatSession"/> where its API carries a user or session (<paramref name="toWire"/>: the
/// SDK's raw request options) and makes it visible to <see cref="SessionHeaderHandler"/> while the request is sent.
/// </summary>
internal sealed class SessionChatClient(IChatClient inner, Func<ChatOptions, string, ChatOptions>? toWire) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var session = ChatSession.Of(options);
        using var scope = ChatSession.Enter(session);
        return await base.GetResponseAsync(messages, Apply(options, session), cancellationToken).ConfigureAwait(false);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The request is sent during the first MoveNextAsync, which runs on this iterator's flow with the scope set.
        var session = ChatSession.Of(options);
        using var scope = ChatSession.Enter(session);
        await foreach (var update in base.GetStreamingResponseAsync(messages, Apply(options, session), cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private ChatOptions? Apply(ChatOptions? options, string? session) =>
        options is null || session is null || toWire is null ? options : toWire(options.Clone(), session);
}
