using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QualityWatch.Cli.Demo;
using QualityWatch.Cli.Serve;
using QualityWatch.Collector;

namespace QualityWatch.Cli.Tests.Demo;

public sealed class DemoRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-demo-runner-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DemoConfiguration_OnServesComposition_MakesTheGeneratedKeyTheAdminKey()
    {
        const string key = "0123456789abcdef0123456789abcdef";
        await using var app = ServeComposition.Build(DemoRunner.DemoConfiguration(_directory, key), DetectionSchedule.SteppedByCaller, builder => builder.Logging.ClearProviders());
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

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/incidents/inc-absent/ack");
        request.Headers.Add("x-api-key", key);
        return await http.SendAsync(request);
    }
}
