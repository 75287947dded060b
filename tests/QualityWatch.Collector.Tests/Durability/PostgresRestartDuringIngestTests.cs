using System.Net;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.TestSupport.Postgres;

namespace QualityWatch.Collector.Tests.Durability;

/// <summary>
/// PostgreSQL stopped and started again while a client keeps exporting: the client is told to come back (503 with
/// Retry-After) instead of being acknowledged into nothing, and every span acknowledged before, during and after the
/// outage is in the stored buckets. The cluster gets its own fixture: this test stops it.
/// </summary>
public sealed class PostgresRestartDuringIngestTests : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task ARestartOfPostgres_AnswersUnavailableWithRetryAfter_AndLosesNothingAcknowledged()
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = await _cluster.CreateDatabaseAsync(),
        });
        long acknowledged = 0;
        int unavailable = 0;
        var retryAfter = new HashSet<string>(StringComparer.Ordinal);

        async Task SendAsync(int requests)
        {
            for (int i = 0; i < requests; i++)
            {
                using var response = await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm(model: "restart-test"), Spans.Llm(model: "restart-test"))));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged += 2;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    unavailable++;
                    retryAfter.Add(response.Headers.RetryAfter?.ToString() ?? string.Empty);
                    Assert.Contains("storage is unavailable; retry later", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
            }
        }

        await SendAsync(20);
        await _cluster.StopAsync();
        await SendAsync(10);
        Assert.Equal(10, unavailable);
        Assert.Equal(["5"], retryAfter);

        await _cluster.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long before = acknowledged;
        while (acknowledged == before && DateTime.UtcNow < deadline)
        {
            await SendAsync(1);
            await Task.Delay(200);
        }

        await SendAsync(20);
        var buckets = await host.BucketsAsync();

        Assert.True(acknowledged >= 80, $"{acknowledged} spans acknowledged");
        Assert.Equal(acknowledged, buckets.Where(b => b.Key.Model == "restart-test").Sum(b => b.Count));
    }
}
