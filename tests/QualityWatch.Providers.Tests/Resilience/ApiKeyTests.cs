using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using QualityWatch.Providers.Tests.TestSupport;

namespace QualityWatch.Providers.Tests.Resilience;

public sealed class ApiKeyTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is 40 + 2?")];

    [Theory]
    [InlineData("openai", "Authorization", "Bearer ")]
    [InlineData("anthropic", "Authorization", "Bearer ")] // the Anthropic SDK 13 sends API keys as bearer tokens
    [InlineData("gemini", "x-goog-api-key", "")]
    public async Task Create_KeyFromNamedVariable_SentInProviderHeaderButNeverInUrlOrErrors(string kind, string header, string prefix)
    {
        var variable = $"QW_TEST_KEY_{Guid.NewGuid():N}";
        var secret = $"sk-secret-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, secret);
        try
        {
            await using var server = await LoopbackServer.StartAsync((context, _) =>
            {
                context.Response.StatusCode = 401;
                return context.Response.WriteAsync($"{{\"error\":{{\"message\":\"bad key {secret}\"}}}}");
            });
            var options = new ProviderOptions
            {
                Name = "keyed",
                Kind = kind,
                Model = "m",
                ApiKeyEnv = variable,
                BaseUrl = kind == "openai" ? new Uri(server.BaseUrl, "v1").ToString() : server.BaseUrl.ToString(),
                MaxRetries = 0,
            };
            using var client = ProviderClientFactory.Create(options);

            var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync(Question));

            Assert.Equal("401", ex.ErrorType);
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
            var (path, headers, query) = Assert.Single(server.Seen);
            Assert.Equal(prefix + secret, headers[header].ToString());
            Assert.DoesNotContain(secret, path + query, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Create_KeyVariableNotSet_ThrowsNamingTheVariableOnly()
    {
        var options = new ProviderOptions { Name = "p", Kind = "openai", Model = "m", ApiKeyEnv = "QW_TEST_UNSET_VARIABLE_9F" };

        var ex = Assert.Throws<ArgumentException>(() => ProviderClientFactory.Create(options));

        Assert.Contains("QW_TEST_UNSET_VARIABLE_9F", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadValues_NamesEverySetting()
    {
        var options = new ProviderOptions { Name = "p", Kind = "openai", Model = "", BaseUrl = "ftp://x", MaxConcurrency = 0, Slo = 1.5 };

        var problems = options.Validate();

        Assert.Contains(problems, p => p.Contains("model", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("base_url", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("max_concurrency", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("slo", StringComparison.Ordinal));
    }
}
