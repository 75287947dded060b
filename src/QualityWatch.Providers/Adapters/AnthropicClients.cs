using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace QualityWatch.Providers.Adapters;

/// <summary>
/// Anthropic's Messages API: the official Anthropic SDK's own <see cref="IChatClient"/> (<c>AsIChatClient</c>), with
/// <see cref="AnthropicResponseFieldsChatClient"/> keeping the stop reason as Anthropic spelled it.
/// </summary>
internal static class AnthropicClients
{
    // The Messages API requires max_tokens; canaries that set no limit get this one.
    private const int DefaultMaxTokens = 1024;
    private const string DefaultBaseUrl = "https://api.anthropic.com";

    public static IChatClient Create(ProviderOptions options, string apiKey, HttpClient httpClient)
    {
        // Retries and timeouts belong to our Polly pipeline.
        var client = new AnthropicClient
        {
            ApiKey = apiKey,
            HttpClient = httpClient,
            MaxRetries = 0,
            Timeout = Timeout.InfiniteTimeSpan,
            BaseUrl = options.BaseUrl is { Length: > 0 } baseUrl ? baseUrl.TrimEnd('/') : DefaultBaseUrl,
        };
        return new SessionChatClient(new AnthropicResponseFieldsChatClient(client.AsIChatClient(options.Model, DefaultMaxTokens), client), WithUserId);
    }

    // Messages API `metadata.user_id`: Anthropic's per-user identifier, the field its routing and abuse checks see.
    private static ChatOptions WithUserId(ChatOptions options, string session)
    {
        var previous = options.RawRepresentationFactory;
        options.RawRepresentationFactory = client =>
        {
            var raw = previous?.Invoke(client) as MessageCreateParams ?? new MessageCreateParams { MaxTokens = DefaultMaxTokens, Messages = [], Model = string.Empty };
            return raw with { Metadata = new Metadata { UserID = session } };
        };
        return options;
    }
}
