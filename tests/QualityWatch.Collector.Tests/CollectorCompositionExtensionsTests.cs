using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Storage;

namespace QualityWatch.Collector.Tests;

public sealed class CollectorCompositionExtensionsTests
{
    [Fact]
    public async Task Start_FreshSqliteDatabase_IsMigratedBeforeTheCollectorAccepts()
    {
        SchemaAtStart? seen = null;
        await using var host = await CollectorHost.StartAsync(configureBuilder: builder =>
            builder.Services.AddHostedService(sp => seen = new SchemaAtStart(sp.GetRequiredService<IQualityWatchDatabase>(), sp.GetRequiredService<CollectorEndpoints>())));

        // A hosted service added after the collector starts after the migrations and before Kestrel listens…
        Assert.NotNull(seen);
        Assert.Equal(["telemetry-0001", "telemetry-0002"], seen.Migrations);
        Assert.Equal(0, seen.HttpPortWhenStarted);

        // …and the first request after the start is stored.
        var response = await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm(start: DateTimeOffset.UtcNow.AddMinutes(-2)))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await host.BucketsAsync()).Sum(b => b.Count));
    }

    [Theory]
    [InlineData("Storage:Provider", "mongodb", "storage.provider")]
    [InlineData("Collector:ListenAddress", "everywhere", "collector.listen_address")]
    public async Task Start_BadSetting_FailsWithOneLineNamingTheKey(string key, string value, string named)
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-collector-composition-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(directory, "qualitywatch.db"),
            ["Collector:HttpPort"] = "0",
            ["Collector:GrpcPort"] = "-1",
            [key] = value,
        }).Build();
        await using var app = CollectorApplication.Build(configuration);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(directory), "validation happens before storage is opened");
    }

    /// <summary>Records, when it starts, the migrations the database holds and whether Kestrel listens yet.</summary>
    private sealed class SchemaAtStart(IQualityWatchDatabase database, CollectorEndpoints endpoints) : IHostedService
    {
        public List<string> Migrations { get; } = [];

        public int HttpPortWhenStarted { get; private set; } = -1;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            HttpPortWhenStarted = endpoints.HttpPort;
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM qw_schema_migrations ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Migrations.Add(reader.GetString(0));
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
