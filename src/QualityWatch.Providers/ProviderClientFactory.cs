using Microsoft.Extensions.AI;
using QualityWatch.Providers.Adapters;
using QualityWatch.Providers.Resilience;

namespace QualityWatch.Providers;

/// <summary>Builds the <see cref="IChatClient"/> for one configured provider: adapter, HTTP pipeline and resilience.</summary>
public static class ProviderClientFactory
{
    /// <summary>
    /// Creates a resilient client for <paramref name="options"/>. Transport and HTTP failures surface as
    /// <see cref="ProviderUnavailableException"/>. The API key is read from the environment variable named by
    /// <see cref="ProviderOptions.ApiKeyEnv"/>; without one, a placeholder is sent (local servers need none).
    /// </summary>
    /// <param name="options">The provider; must be valid (see <see cref="ProviderOptions.Validate"/>).</param>
    /// <param name="transport">Optional innermost handler to send through (a proxy, a test's recorder, or a composition's
    /// own handler); disposed with the client. A pooled <see cref="SocketsHttpHandler"/> by default.</param>
    /// <param name="timeProvider">Clock for retries and the circuit breaker; the system clock by default.</param>
    /// <exception cref="ArgumentException">The options are invalid or the key's environment variable is not set.</exception>
    public static IChatClient Create(ProviderOptions options, HttpMessageHandler? transport = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var apiKey = ResolveApiKey(options);
        timeProvider ??= TimeProvider.System;

        // Our guard sits above whatever transport the caller gave us, so every adapter sees HTTP errors the same way.
        transport ??= new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (options.SessionHeader is { Length: > 0 } sessionHeader)
        {
            transport = new SessionHeaderHandler(sessionHeader) { InnerHandler = transport };
        }

        var guard = new HttpStatusGuardHandler(timeProvider) { InnerHandler = transport };
        var pipelineClient = new HttpClient(guard, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        IChatClient adapter = options.Kind.ToUpperInvariant() switch
        {
            "OPENAI" => OpenAiClients.Create(options, apiKey, pipelineClient),
            "ANTHROPIC" => AnthropicClients.Create(options, apiKey, pipelineClient),
            // Gemini's API has no user field: the session travels in the session header only.
            "GEMINI" => new SessionChatClient(new GeminiChatClient(options, apiKey, pipelineClient), toWire: null),
            _ => throw new ArgumentException($"provider '{options.Name}': unknown kind '{options.Kind}'", nameof(options)),
        };
        var resilience = ProviderResilience.Build(options, timeProvider);
        return new ChatClientBuilder(adapter)
            .Use(inner => new ResilientChatClient(inner, options, resilience, pipelineClient))
            .Build();
    }

    private static string ResolveApiKey(ProviderOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKeyEnv))
        {
            return "not-needed";
        }

        // The message names the variable, never a value.
        return Environment.GetEnvironmentVariable(options.ApiKeyEnv) is { Length: > 0 } key
            ? key
            : throw new ArgumentException($"provider '{options.Name}': environment variable {options.ApiKeyEnv} (api_key_env) is not set", nameof(options));
    }
}
