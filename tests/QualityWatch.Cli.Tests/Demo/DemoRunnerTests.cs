using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QualityWatch.Cli.Demo;
using Microsoft.Extensions.Time.Testing;
using QualityWatch.Canaries.Running;
using QualityWatch.Cli.Serve;
using QualityWatch.Collector;
using QualityWatch.TestSupport.Repository;

namespace QualityWatch.Cli.Tests.Demo;

public sealed class DemoRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-demo-runner-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DemoConfiguration_OnServesComposition_MakesTheGeneratedKeyTheAdminKey()
    {
        const string key = "0123456789abcdef0123456789abcdef";
        await using var app = ServeComposition.Build(Configuration(key), ServeSchedule.SteppedByCaller, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Services.GetRequiredService<CollectorEndpoints>().HttpPort}/") };

        using var withoutKey = await http.PostAsync("api/incidents/inc-absent/ack", null);
        using var withOtherKey = await SendAsync(http, "not-the-key");
        using var withKey = await SendAsync(http, key);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withOtherKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withKey.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task DemoConfiguration_GivesServesCanaryRunner_ThePlansProviders_OnTheVirtualClock_AndNoCanaryTimer()
    {
        var plan = DemoPlan.Create(DemoPlan.August2025, 48);
        var virtualClock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var app = ServeComposition.Build(Configuration("0123456789abcdef0123456789abcdef", plan), ServeSchedule.SteppedByCaller, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddKeyedSingleton<TimeProvider>(CanariesCompositionExtensions.ClockKey, virtualClock);
        });

        var runner = app.Services.GetRequiredService<CanaryRunner>();

        Assert.Equal(plan.Providers.Select(p => (p.Name, p.Kind, p.Model)), runner.Options.Targets.Select(t => (t.Options.Name, t.Options.Kind, t.Options.Model)));
        Assert.Equal("http://127.0.0.1:9/v1", runner.Options.Targets.Single(t => t.Options.Kind == "openai").Options.BaseUrl);
        // Only the OpenAI API reports log-probabilities: the greedy-violation probe runs there and nowhere else.
        Assert.Equal(["openai"], runner.Options.Targets.Where(t => t.Options.Logprobs).Select(t => t.Options.Kind));
        Assert.Same(virtualClock, runner.Options.TimeProvider);
        Assert.True(runner.Options.Streaming);
        Assert.NotEmpty(runner.Options.Suites);
        Assert.DoesNotContain(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is CanarySchedulingService);
    }

    private Microsoft.Extensions.Configuration.IConfigurationRoot Configuration(string adminKey, DemoPlan? plan = null) =>
        DemoRunner.DemoConfiguration(_directory, adminKey, plan ?? DemoPlan.Create(DemoPlan.August2025, 48), new Uri("http://127.0.0.1:9/"), RepositoryRoot.Canaries);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/incidents/inc-absent/ack");
        request.Headers.Add("x-api-key", key);
        return await http.SendAsync(request);
    }
}
