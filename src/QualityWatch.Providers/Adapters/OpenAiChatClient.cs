using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using OpenAiChatMessage = OpenAI.Chat.ChatMessage;
using OpenAiFinishReason = OpenAI.Chat.ChatFinishReason;

namespace QualityWatch.Providers.Adapters;

/// <summary>Any OpenAI-compatible chat completions endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM…) through the OpenAI SDK.</summary>
internal sealed class OpenAiChatClient : IChatClient
{
    private readonly ChatClient _client;
    private readonly ChatClientMetadata _metadata;

    public OpenAiChatClient(ProviderOptions options, string apiKey, HttpClient httpClient)
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

        _client = new ChatClient(options.Model, new ApiKeyCredential(apiKey), clientOptions);
        _metadata = new ChatClientMetadata("openai", clientOptions.Endpoint, options.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var completion = (await _client.CompleteChatAsync(Convert(messages), Convert(options), cancellationToken).ConfigureAwait(false)).Value;
        var text = new StringBuilder();
        foreach (var part in completion.Content)
        {
            if (part.Kind == ChatMessageContentPartKind.Text)
            {
                text.Append(part.Text);
            }
        }

        var response = new ChatResponse(new AiChatMessage(ChatRole.Assistant, text.ToString()))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = Convert(completion.FinishReason),
            Usage = completion.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.InputTokenCount, OutputTokenCount = usage.OutputTokenCount, TotalTokenCount = usage.TotalTokenCount }
                : null,
            AdditionalProperties = new() { [ChatResponseFields.RawFinishReason] = completion.FinishReason.ToString() },
        };
        if (!string.IsNullOrEmpty(completion.SystemFingerprint))
        {
            response.AdditionalProperties[ChatResponseFields.SystemFingerprint] = completion.SystemFingerprint;
        }

        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var chunk in _client.CompleteChatStreamingAsync(Convert(messages), Convert(options), cancellationToken).ConfigureAwait(false))
        {
            var update = new ChatResponseUpdate(ChatRole.Assistant, string.Concat(chunk.ContentUpdate.Select(p => p.Text)))
            {
                ResponseId = chunk.CompletionId,
                ModelId = chunk.Model,
                FinishReason = chunk.FinishReason is { } reason ? Convert(reason) : null,
                AdditionalProperties = [],
            };
            if (!string.IsNullOrEmpty(chunk.SystemFingerprint))
            {
                update.AdditionalProperties[ChatResponseFields.SystemFingerprint] = chunk.SystemFingerprint;
            }

            if (chunk.Usage is { } usage)
            {
                update.Contents.Add(new UsageContent(new UsageDetails
                {
                    InputTokenCount = usage.InputTokenCount,
                    OutputTokenCount = usage.OutputTokenCount,
                    TotalTokenCount = usage.TotalTokenCount,
                }));
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? _metadata : null;

    public void Dispose()
    {
    }

    private static List<OpenAiChatMessage> Convert(IEnumerable<AiChatMessage> messages)
    {
        var converted = new List<OpenAiChatMessage>();
        foreach (var message in messages)
        {
            OpenAiChatMessage item = message.Role == ChatRole.System ? new SystemChatMessage(message.Text)
                : message.Role == ChatRole.Assistant ? new AssistantChatMessage(message.Text)
                : new UserChatMessage(message.Text);
            converted.Add(item);
        }

        return converted;
    }

    private static ChatCompletionOptions Convert(ChatOptions? options)
    {
        var converted = new ChatCompletionOptions();
        if (options is null)
        {
            return converted;
        }

        converted.Temperature = options.Temperature;
        converted.TopP = options.TopP;
        converted.MaxOutputTokenCount = options.MaxOutputTokens;
#pragma warning disable OPENAI001 // Seed is marked experimental; determinism probes need it.
        converted.Seed = options.Seed;
#pragma warning restore OPENAI001
        return converted;
    }

    private static AiFinishReason? Convert(OpenAiFinishReason reason) => reason switch
    {
        OpenAiFinishReason.Stop => AiFinishReason.Stop,
        OpenAiFinishReason.Length => AiFinishReason.Length,
        OpenAiFinishReason.ContentFilter => AiFinishReason.ContentFilter,
        OpenAiFinishReason.ToolCalls or OpenAiFinishReason.FunctionCall => AiFinishReason.ToolCalls,
        _ => null,
    };
}
