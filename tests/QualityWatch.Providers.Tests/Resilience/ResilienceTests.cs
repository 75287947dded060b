using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using QualityWatch.Providers.Tests.TestSupport;

namespace QualityWatch.Providers.Tests.Resilience;

public sealed class ResilienceTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is 40 + 2?")];

    private static ProviderOptions OpenAi(LoopbackServer server, Action<ProviderOptions>? configure = null)
    {
        var options = new ProviderOptions
        {
            Name = "loop",
            Kind = "openai",
            Model = "loop-model",
            BaseUrl = new Uri(server.BaseUrl, "v1").ToString(),
            RetryBaseDelaySeconds = 0.01,
            TimeoutSeconds = 5,
        };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task GetResponseAsync_429WithRetryAfter_WaitsThatLongThenSucceeds()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            if (n == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(LoopbackServer.OpenAiCompletion);
        });
        using var client = ProviderClientFactory.Create(OpenAi(server, o => o.MaxRetries = 2));

        var stopwatch = Stopwatch.StartNew();
        var response = await client.GetResponseAsync(Question);

        Assert.Equal("42", response.Text);
        Assert.Equal(2, server.Requests);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.95), $"waited {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task GetResponseAsync_503ThenSuccess_RetriesWithBackoff()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, n) =>
        {
            if (n <= 2)
            {
                context.Response.StatusCode = 503;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(LoopbackServer.OpenAiCompletion);
        });
        using var client = ProviderClientFactory.Create(OpenAi(server, o => o.MaxRetries = 2));

        var response = await client.GetResponseAsync(Question);

        Assert.Equal("42", response.Text);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_400_IsNotRetried()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 400;
            return Task.CompletedTask;
        });
        using var client = ProviderClientFactory.Create(OpenAi(server, o => o.MaxRetries = 3));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync(Question));

        Assert.Equal("400", ex.ErrorType);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_ProviderKeepsFailing_OpensCircuitAndStopsCallingIt()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var client = ProviderClientFactory.Create(OpenAi(server, o =>
        {
            o.MaxRetries = 0;
            o.CircuitMinimumThroughput = 3;
            o.CircuitFailureRatio = 0.5;
            o.CircuitBreakSeconds = 60;
        }));

        var errors = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            errors.Add((await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync(Question))).ErrorType);
        }

        Assert.Equal(["503", "503", "503", "circuit_open", "circuit_open", "circuit_open"], errors);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_SlowServer_TimesOutAsUnavailable()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        using var client = ProviderClientFactory.Create(OpenAi(server, o =>
        {
            o.MaxRetries = 0;
            o.TimeoutSeconds = 0.3;
        }));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync(Question));

        Assert.Equal(ProviderErrorTypes.Timeout, ex.ErrorType);
    }

    [Fact]
    public async Task GetResponseAsync_NothingListening_IsTransportUnavailable()
    {
        var options = new ProviderOptions { Name = "gone", Kind = "gemini", Model = "m", BaseUrl = "http://127.0.0.1:1/", MaxRetries = 0, TimeoutSeconds = 5 };
        using var client = ProviderClientFactory.Create(options);

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync(Question));

        Assert.Equal(ProviderErrorTypes.Transport, ex.ErrorType);
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsCancellationNotUnavailable()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        using var client = ProviderClientFactory.Create(OpenAi(server));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Question, cancellationToken: cancellation.Token));
    }
}
