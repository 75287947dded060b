using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace QualityWatch.Providers.Adapters;

/// <summary>
/// Any OpenAI-compatible chat completions endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM…): the OpenAI SDK's
/// <see cref="ChatClient"/> as an <see cref="IChatClient"/> through Microsoft.Extensions.AI.OpenAI, the ecosystem's
/// adapter, with <see cref="OpenAiResponseFieldsChatClient"/> keeping what it leaves in the raw response.
/// </summary>
internal static class OpenAiClients
{
    public static IChatClient Create(ProviderOptions options, string apiKey, HttpClient httpClient)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClient),

            // Retries belong to our Polly pipeline, which honours Retry-After and feeds the circuit breaker.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (options.BaseUrl is { Length: > 0 } baseUrl)
        {
            clientOptions.Endpoint = new Uri(baseUrl);
        }

        var chat = new ChatClient(options.Model, new ApiKeyCredential(apiKey), clientOptions);
        IChatClient adapter = new OpenAiResponseFieldsChatClient(chat.AsIChatClient());
        if (options.Logprobs)
        {
            adapter = new OpenAiLogprobsChatClient(adapter);
        }

        return new SessionChatClient(adapter, WithUser);
    }

    // Chat Completions' `user` field: what OpenAI and compatible gateways key sticky routing and abuse tracking on.
    private static ChatOptions WithUser(ChatOptions options, string session)
    {
        var previous = options.RawRepresentationFactory;
        options.RawRepresentationFactory = client =>
        {
            var raw = previous?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            raw.EndUserId = session;
            return raw;
        };
        return options;
    }
}
