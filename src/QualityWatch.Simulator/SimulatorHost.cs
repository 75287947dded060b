using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QualityWatch.Core.Canaries;
using QualityWatch.Simulator.Apis;
using QualityWatch.Simulator.Engine;

namespace QualityWatch.Simulator;

/// <summary>
/// The provider simulator as a running Kestrel server on 127.0.0.1: OpenAI (<c>/v1/chat/completions</c>),
/// Anthropic (<c>/v1/messages</c>) and Gemini (<c>/v1beta/models/{model}:generateContent</c>) on one base URL.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorRuntime _runtime;

    private SimulatorHost(WebApplication app, SimulatorRuntime runtime, Uri baseUrl)
    {
        _app = app;
        _runtime = runtime;
        BaseUrl = baseUrl;
    }

    /// <summary>Root URL (for example <c>http://127.0.0.1:5123/</c>). OpenAI clients use <c>{BaseUrl}v1</c>;
    /// Anthropic clients use the root; Gemini clients use <c>{BaseUrl}v1beta</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The virtual clock every answer and scenario is timed by.</summary>
    public VirtualClock Clock => _runtime.Clock;

    /// <summary>Starts the server; returns once it listens.</summary>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, IGoldenAnswerBook? answers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var start = options.StartTime ?? TruncateToMinute(DateTimeOffset.UtcNow);
        var clock = new VirtualClock(start, options.Speed);
        var runtime = new SimulatorRuntime(new ModelEngine(options, answers, start), clock, options.LatencyScale);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddSingleton(runtime);
        var app = builder.Build();
        app.MapOpenAiApi();
        app.MapAnthropicApi();
        app.MapGeminiApi();
        app.MapModelListApi();
        app.MapSimulationApi();
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            // A port in use or a cancelled start must not leak the half-built server.
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var uri = new Uri(address.EndsWith('/') ? address : address + "/");
        return new SimulatorHost(app, runtime, uri);
    }

    /// <summary>The ground truth now: clock and active faults per model (same as <c>GET /sim/state</c>).</summary>
    public SimulatorState GetState() => _runtime.State();

    /// <summary>Synthetic production traffic driven by this host's engine and scenarios (same faults, same timeline).</summary>
    /// <param name="sourceName">Activity source of the spans; null means <see cref="SyntheticTraffic.DefaultSourceName"/>.</param>
    public SyntheticTraffic CreateTraffic(string? sourceName = null) =>
        new(_runtime.Engine, _runtime.Engine.Seed, Clock.StartTime) { SourceName = sourceName ?? SyntheticTraffic.DefaultSourceName };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    internal static DateTimeOffset TruncateToMinute(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMinute), time.Offset);
}
