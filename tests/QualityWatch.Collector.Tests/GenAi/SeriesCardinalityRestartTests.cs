using System.Net;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace QualityWatch.Collector.Tests.GenAi;

/// <summary>The cardinality limit holds across a restart: the series already stored are admitted before ingestion starts.</summary>
public sealed class SeriesCardinalityRestartTests
{
    [Fact]
    public async Task Restart_OnTheSameFile_KeepsTheStoredSeries_AndSendsNewOnesToOther()
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-cardinality-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(directory, "qualitywatch.db"),
            ["Collector:CardinalityLimit"] = "3",
        };

        var first = await CollectorHost.StartAsync(settings);
        await SendAsync(first, "m1", "m2", "m3", "m4");
        var before = await first.BucketsAsync();
        Assert.Equal(["m1", "m2", "m3", "other"], before.Select(b => b.Key.Model).Distinct().Order(StringComparer.Ordinal));
        await first.DisposeAsync();

        await using var second = await CollectorHost.StartAsync(settings);
        Assert.Equal(3, second.Services.GetRequiredService<SeriesCardinalityGuard>().Count);
        await SendAsync(second, "m5", "m1", "m6", "m3");
        var after = await second.BucketsAsync();
        Assert.Equal(["m1", "m2", "m3", "other"], after.Select(b => b.Key.Model).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, after.Where(b => b.Key.Model == "m1").Sum(b => b.Count));
        Assert.Equal(3, after.Where(b => b.Key.Model == "other").Sum(b => b.Count));
        Assert.Equal(2, second.Services.GetRequiredService<SeriesCardinalityGuard>().Overflowed);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Restart_WithAHigherLimit_AdmitsNewSeriesUpToTheNewLimit()
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-cardinality-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(directory, "qualitywatch.db"),
            ["Collector:CardinalityLimit"] = "2",
        };

        var first = await CollectorHost.StartAsync(settings);
        await SendAsync(first, "m1", "m2", "m3");
        await first.BucketsAsync();
        await first.DisposeAsync();

        settings["Collector:CardinalityLimit"] = "3";
        await using var second = await CollectorHost.StartAsync(settings);
        await SendAsync(second, "m4", "m5");
        var models = (await second.BucketsAsync()).Select(b => b.Key.Model).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["m1", "m2", "m4", "other"], models);
        Directory.Delete(directory, recursive: true);
    }

    internal static async Task SendAsync(CollectorHost host, params string[] models)
    {
        // One request per model, in order, so which series came first is deterministic.
        foreach (var model in models)
        {
            var response = await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm(model: model))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
