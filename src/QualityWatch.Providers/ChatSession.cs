using Microsoft.Extensions.AI;

namespace QualityWatch.Providers;

/// <summary>
/// The session identity a call is sent under. Providers that route sticky per user or session (the August 2025
/// context-window routing bug did) send all of one session's calls to the same server pool; canaries spread over a few
/// stable sessions make such routing visible. The adapters put it on the wire where the API has a field for it (OpenAI
/// <c>user</c>, Anthropic <c>metadata.user_id</c>) and, when <see cref="ProviderOptions.SessionHeader"/> is set, in that
/// HTTP header (the only place for Gemini, and what gateways key on).
/// </summary>
public static class ChatSession
{
    /// <summary>Key of the session in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    public const string PropertyName = "qualitywatch.session";

    // The session of the call in flight, for the HTTP handler that writes the header: the SDKs build their requests
    // below the chat client, where the options are no longer visible.
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>Marks <paramref name="options"/> to be sent under <paramref name="session"/>; null or empty leaves it unmarked.</summary>
    public static ChatOptions With(ChatOptions options, string? session)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(session))
        {
            (options.AdditionalProperties ??= [])[PropertyName] = session;
        }

        return options;
    }

    /// <summary>The session <paramref name="options"/> carry, if any.</summary>
    public static string? Of(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PropertyName, out var value) == true ? value as string : null;

    /// <summary>The session of the call in flight on this async flow.</summary>
    internal static string? InFlight => Current.Value;

    /// <summary>Sets the session of the calls started on this async flow until the returned scope is disposed.</summary>
    internal static Scope Enter(string? session) => new(session);

    /// <summary>Restores the previous in-flight session when disposed.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly string? _previous;

        public Scope(string? session)
        {
            _previous = Current.Value;
            Current.Value = session;
        }

        public void Dispose() => Current.Value = _previous;
    }
}
