using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.TestSupport.Postgres;

namespace QualityWatch.Collector.Tests.GenAi;

/// <summary>Two collector replicas on one real PostgreSQL: the cardinality limit and stored content are shared.</summary>
public sealed class PostgresReplicaCardinalityTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    private const string AdminKey = "admin-key-for-replica-tests-5d1e";

    [Fact]
    public async Task TwoReplicas_LearnEachOthersSeries_AndStopAdmittingOnceTogetherAtTheLimit()
    {
        var settings = await SettingsAsync();
        settings["Collector:CardinalityLimit"] = "3";
        settings["Collector:CardinalityRefreshSeconds"] = "1";
        await using var replicaA = await CollectorHost.StartAsync(settings);
        await using var replicaB = await CollectorHost.StartAsync(settings);
        await SeriesCardinalityRestartTests.SendAsync(replicaA, "m1", "m2");
        await SeriesCardinalityRestartTests.SendAsync(replicaB, "m3");
        await replicaA.BucketsAsync();
        await replicaB.BucketsAsync();
        var guardA = replicaA.Services.GetRequiredService<SeriesCardinalityGuard>();
        var guardB = replicaB.Services.GetRequiredService<SeriesCardinalityGuard>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((guardA.Count < 3 || guardB.Count < 3) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(3, guardA.Count);
        Assert.Equal(3, guardB.Count);
        await SeriesCardinalityRestartTests.SendAsync(replicaA, "m4");
        await SeriesCardinalityRestartTests.SendAsync(replicaB, "m5");
        var buckets = await replicaA.BucketsAsync();
        buckets = await replicaB.BucketsAsync();
        Assert.Equal(["m1", "m2", "m3", "other"], buckets.Select(b => b.Key.Model).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, buckets.Where(b => b.Key.Model == "other").Sum(b => b.Count));

        // A replica started later (or restarted) knows the stored series before it takes its first request.
        await using var replicaC = await CollectorHost.StartAsync(settings);
        Assert.Equal(3, replicaC.Services.GetRequiredService<SeriesCardinalityGuard>().Count);
        await SeriesCardinalityRestartTests.SendAsync(replicaC, "m6", "m2");
        var afterRestart = await replicaC.BucketsAsync();
        Assert.Equal(3, afterRestart.Where(b => b.Key.Model == "other").Sum(b => b.Count));
        Assert.Equal(2, afterRestart.Where(b => b.Key.Model == "m2").Sum(b => b.Count));
    }

    [Fact]
    public async Task ContentStoredThroughOneReplica_IsReadThroughTheOther_AndARetryStoresItOnce()
    {
        var settings = await SettingsAsync();
        settings["Collector:Content:Store"] = "true";
        settings["Security:AdminKeys:0"] = AdminKey;
        await using var replicaA = await CollectorHost.StartAsync(settings);
        await using var replicaB = await CollectorHost.StartAsync(settings);
        var span = ContentSpans.With(ContentSpans.OpenLlmetry, "sys", "Capital of Japan?", "Tokyo");
        var request = Spans.Request(span);
        Assert.Equal(HttpStatusCode.OK, (await replicaA.Http.PostAsync("/v1/traces", Spans.Protobuf(request))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await replicaB.Http.PostAsync("/v1/traces", Spans.Protobuf(request))).StatusCode);

        using var read = new HttpClient { BaseAddress = replicaB.Http.BaseAddress };
        read.DefaultRequestHeaders.Add("x-api-key", AdminKey);
        var content = await read.GetFromJsonAsync<JsonElement>($"/api/calls/{ContentSpans.TraceId(span)}/{ContentSpans.SpanId(span)}/content");
        Assert.Equal("Tokyo", content.GetProperty("output")[0].GetProperty("text").GetString());
        Assert.Equal("Capital of Japan?", content.GetProperty("input")[1].GetProperty("text").GetString());
        var listed = await read.GetFromJsonAsync<JsonElement>($"/api/calls?series={Uri.EscapeDataString("openai/gpt-4o/chat")}");
        Assert.Equal(1, listed.GetArrayLength());
    }

    private async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = await cluster.CreateDatabaseAsync(),
    };
}
