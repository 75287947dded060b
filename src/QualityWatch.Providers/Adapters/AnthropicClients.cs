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
        return new SessionChatClient(
            new AnthropicResponseFieldsChatClient(client.AsIChatClient(options.Model, DefaultMaxTokens), client),
            (chatOptions, session) => WithUserId(chatOptions, session, options.Model));
    }

    // Messages API `metadata.user_id`: Anthropic's per-user identifier, the field its routing and abuse checks see.
    // The SDK takes model and max_tokens from raw parameters when given them (and then ignores the chat options'), so
    // they are filled in here exactly as the SDK would have sent them.
    private static ChatOptions WithUserId(ChatOptions options, string session, string model)
    {
        var previous = options.RawRepresentationFactory;
        var maxTokens = options.MaxOutputTokens ?? DefaultMaxTokens;
        var requestModel = options.ModelId ?? model;
        options.RawRepresentationFactory = client =>
        {
            var raw = previous?.Invoke(client) as MessageCreateParams ?? new MessageCreateParams { MaxTokens = maxTokens, Messages = [], Model = requestModel };
            return raw with { Metadata = new Metadata { UserID = session } };
        };
        return options;
    }
}
