using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;

namespace QualityWatch.Providers.Adapters;

/// <summary>Anthropic's Messages API through the official Anthropic SDK.</summary>
internal sealed class AnthropicChatClient : IChatClient
{
    private const long DefaultMaxTokens = 1024;
    private const string DefaultBaseUrl = "https://api.anthropic.com";
    private readonly AnthropicClient _client;
    private readonly string _model;
    private readonly ChatClientMetadata _metadata;

    public AnthropicChatClient(ProviderOptions options, string apiKey, HttpClient httpClient)
    {
        // Retries and timeouts belong to our Polly pipeline. This SDK sends the key as Authorization: Bearer.
        _client = new AnthropicClient
        {
            ApiKey = apiKey,
            HttpClient = httpClient,
            MaxRetries = 0,
            Timeout = Timeout.InfiniteTimeSpan,
            BaseUrl = options.BaseUrl is { Length: > 0 } baseUrl ? baseUrl.TrimEnd('/') : DefaultBaseUrl,
        };
        _model = options.Model;
        _metadata = new ChatClientMetadata("anthropic", options.BaseUrl is { Length: > 0 } url ? new Uri(url) : null, options.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var message = await _client.Messages.Create(BuildParameters(messages, options), cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        foreach (var block in message.Content)
        {
            if (block.TryPickText(out var textBlock))
            {
                text.Append(textBlock.Text);
            }
        }

        var rawStop = message.StopReason?.Raw();
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, text.ToString()))
        {
            ResponseId = message.ID,
            ModelId = message.Model.Raw(),
            FinishReason = Convert(rawStop),
            Usage = message.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.InputTokens, OutputTokenCount = usage.OutputTokens, TotalTokenCount = usage.InputTokens + usage.OutputTokens }
                : null,
            AdditionalProperties = new() { [ChatResponseFields.RawFinishReason] = rawStop },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long inputTokens = 0;
        string? model = null;
        string? id = null;
        await foreach (var streamEvent in _client.Messages.CreateStreaming(BuildParameters(messages, options), cancellationToken).ConfigureAwait(false))
        {
            if (streamEvent.TryPickStart(out var start))
            {
                model = start.Message.Model.Raw();
                id = start.Message.ID;
                inputTokens = start.Message.Usage?.InputTokens ?? 0;
                yield return new ChatResponseUpdate(ChatRole.Assistant, string.Empty) { ModelId = model, ResponseId = id };
            }
            else if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, textDelta.Text) { ModelId = model, ResponseId = id };
            }
            else if (streamEvent.TryPickDelta(out var messageDelta))
            {
                var rawStop = messageDelta.Delta.StopReason?.Raw();
                var update = new ChatResponseUpdate(ChatRole.Assistant, string.Empty)
                {
                    ModelId = model,
                    ResponseId = id,
                    FinishReason = Convert(rawStop),
                    AdditionalProperties = new() { [ChatResponseFields.RawFinishReason] = rawStop },
                };
                if (messageDelta.Usage is { } usage)
                {
                    var input = usage.InputTokens ?? inputTokens;
                    update.Contents.Add(new UsageContent(new UsageDetails
                    {
                        InputTokenCount = input,
                        OutputTokenCount = usage.OutputTokens,
                        TotalTokenCount = input + usage.OutputTokens,
                    }));
                }

                yield return update;
            }
        }
    }

    public object? GetService(System.Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? _metadata : null;

    public void Dispose() => _client.Dispose();

    private MessageCreateParams BuildParameters(IEnumerable<AiChatMessage> messages, ChatOptions? options)
    {
        var system = new StringBuilder();
        var turns = new List<MessageParam>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system.Append(system.Length > 0 ? "\n" : string.Empty).Append(message.Text);
            }
            else if (message.Role == ChatRole.Assistant)
            {
                turns.Add(new AssistantMessageParam(message.Text));
            }
            else
            {
                turns.Add(new UserMessageParam(message.Text));
            }
        }

        var parameters = new MessageCreateParams
        {
            Model = _model,
            MaxTokens = options?.MaxOutputTokens ?? DefaultMaxTokens,
            Messages = turns,
        };
        if (system.Length > 0)
        {
            parameters = new MessageCreateParams(parameters) { System = system.ToString() };
        }

        // This SDK version has no typed temperature/top_p; they are still part of the wire protocol.
        if (options?.Temperature is null && options?.TopP is null)
        {
            return parameters;
        }

        var body = new Dictionary<string, JsonElement>(parameters.RawBodyData);
        if (options.Temperature is { } temperature)
        {
            body["temperature"] = JsonSerializer.SerializeToElement(temperature);
        }

        if (options.TopP is { } topP)
        {
            body["top_p"] = JsonSerializer.SerializeToElement(topP);
        }

        return MessageCreateParams.FromRawUnchecked(parameters.RawHeaderData, parameters.RawQueryData, body);
    }

    private static AiFinishReason? Convert(string? stopReason) => stopReason switch
    {
        "end_turn" or "stop_sequence" => AiFinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => AiFinishReason.Length,
        "tool_use" => AiFinishReason.ToolCalls,
        "refusal" => AiFinishReason.ContentFilter,
        _ => null,
    };
}
