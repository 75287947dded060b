using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using OpenAI;
using OpenAI.Chat;

namespace QualityWatch.Simulator.Tests.TestSupport;

/// <summary>Starts simulators the way tests need them (manual clock, no real sleeping) and builds real SDK clients.</summary>
internal static class Sim
{
    public static readonly DateTimeOffset Start = new(2025, 8, 29, 0, 0, 0, TimeSpan.Zero);

    public static SimulatorOptions Options(params ScenarioOptions[] scenarios) => new()
    {
        Seed = 7,
        Speed = 0,
        LatencyScale = 0,
        StartTime = Start,
        Scenarios = [.. scenarios],
    };

    public static ScenarioOptions Scenario(string name, TimeSpan startAfter, TimeSpan? duration, string? model = null, Dictionary<string, double>? parameters = null) => new()
    {
        Name = name,
        StartAfter = startAfter,
        Duration = duration,
        Model = model,
        Parameters = parameters ?? new(StringComparer.OrdinalIgnoreCase),
    };

    public static Task<SimulatorHost> StartAsync(InMemoryGoldenBook? book, params ScenarioOptions[] scenarios) =>
        SimulatorHost.StartAsync(Options(scenarios), book, CancellationToken.None);

    /// <summary>An OpenAI chat client on its own connection pool, with retries off so injected errors surface.</summary>
    public static ChatClient OpenAi(SimulatorHost host, string model, HttpClient? http = null) =>
        new(model, new ApiKeyCredential("sk-test-key"), new OpenAIClientOptions
        {
            Endpoint = new Uri(host.BaseUrl, "v1"),
            RetryPolicy = new ClientRetryPolicy(0),
            Transport = new HttpClientPipelineTransport(http ?? new HttpClient()),
        });

    public static AnthropicClient Anthropic(SimulatorHost host, HttpClient? http = null) => new()
    {
        ApiKey = "sk-ant-test-key",
        BaseUrl = host.BaseUrl.ToString().TrimEnd('/'),
        MaxRetries = 0,
        HttpClient = http ?? new HttpClient(),
    };
}
