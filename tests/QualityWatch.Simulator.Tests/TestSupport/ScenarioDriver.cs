using System.ClientModel;
using System.Text;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;

namespace QualityWatch.Simulator.Tests.TestSupport;

/// <summary>Drives a simulator through the real SDKs (OpenAI, Anthropic) and plain HTTP (Gemini) with one call shape.</summary>
internal sealed class ScenarioDriver : IDisposable
{
    private readonly SimulatorHost _host;
    private readonly RecordingHandler _handler = new();
    private readonly HttpClient _http;
    private readonly AnthropicClient _anthropic;
    private readonly WireClient _gemini;
    private readonly Dictionary<string, ChatClient> _openAi = new(StringComparer.Ordinal);

    public ScenarioDriver(SimulatorHost host)
    {
        _host = host;
        _http = new HttpClient(_handler);
        _anthropic = Sim.Anthropic(host, _http);
        _gemini = new WireClient(host);
    }

    public static string DefaultModel(Protocol protocol) => protocol switch
    {
        Protocol.OpenAiSdk => "gpt-4o-mini",
        Protocol.AnthropicSdk => "claude-sonnet-4",
        _ => "gemini-2.5-flash",
    };

    public async Task<CallOutcome> AskAsync(Protocol protocol, string prompt, string? user = null, string? model = null)
    {
        model ??= DefaultModel(protocol);
        return protocol switch
        {
            Protocol.OpenAiSdk => await OpenAiAsync(model, prompt, user),
            Protocol.AnthropicSdk => await AnthropicAsync(model, prompt, user),
            _ => await GeminiAsync(model, prompt, user),
        };
    }

    private async Task<CallOutcome> OpenAiAsync(string model, string prompt, string? user)
    {
        if (!_openAi.TryGetValue(model, out var client))
        {
            client = _openAi[model] = Sim.OpenAi(_host, model, _http);
        }

        var options = new ChatCompletionOptions { Temperature = 0 };
        if (user is not null)
        {
#pragma warning disable OPENAI001, CS0618
            options.EndUserId = user;
#pragma warning restore OPENAI001, CS0618
        }

        try
        {
            ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(prompt)], options);
#pragma warning disable OPENAI001
            var fingerprint = completion.SystemFingerprint;
#pragma warning restore OPENAI001
            return new CallOutcome(200, completion.Content[0].Text, completion.FinishReason == ChatFinishReason.Length, fingerprint, _handler.LastLatencyMs, _handler.LastPool, completion.Usage.OutputTokenCount);
        }
        catch (ClientResultException error)
        {
            return new CallOutcome(error.Status, string.Empty, false, null, null, null, 0);
        }
    }

    private async Task<CallOutcome> AnthropicAsync(string model, string prompt, string? user)
    {
        try
        {
            var message = await _anthropic.Messages.Create(new MessageCreateParams
            {
                Model = model,
                MaxTokens = 2048,
                Messages = [new UserMessageParam(prompt)],
                Metadata = user is null ? null : new Metadata { UserID = user },
            });
            var text = new StringBuilder();
            foreach (var block in message.Content)
            {
                if (block.TryPickText(out var textBlock))
                {
                    text.Append(textBlock.Text);
                }
            }

            return new CallOutcome(200, text.ToString(), message.StopReason?.Value() == StopReason.MaxTokens, null, _handler.LastLatencyMs, _handler.LastPool, message.Usage.OutputTokens);
        }
        catch (AnthropicApiException error)
        {
            return new CallOutcome((int)error.StatusCode, string.Empty, false, null, null, null, 0);
        }
    }

    private async Task<CallOutcome> GeminiAsync(string model, string prompt, string? user)
    {
        using var response = await _gemini.GeminiAsync(model, WireClient.GeminiBody(prompt), user: user);
        if (!response.IsSuccessStatusCode)
        {
            return new CallOutcome((int)response.StatusCode, string.Empty, false, null, null, null, 0);
        }

        var body = await WireClient.JsonOf(response);
        var candidate = body.GetProperty("candidates")[0];
        var text = string.Concat(candidate.GetProperty("content").GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
        return new CallOutcome(
            200,
            text,
            candidate.GetProperty("finishReason").GetString() == "MAX_TOKENS",
            null,
            double.Parse(response.Headers.GetValues("x-sim-latency-ms").Single(), System.Globalization.CultureInfo.InvariantCulture),
            response.Headers.GetValues("x-sim-pool").Single(),
            body.GetProperty("usageMetadata").GetProperty("candidatesTokenCount").GetInt32());
    }

    public void Dispose()
    {
        _http.Dispose();
        _gemini.Dispose();
    }
}
