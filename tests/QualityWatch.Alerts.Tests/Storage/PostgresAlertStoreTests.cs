using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using QualityWatch.Storage;
using QualityWatch.Storage.Alerts;
using QualityWatch.TestSupport.Postgres;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Storage;

public sealed class PostgresAlertStoreTests(PostgresCluster postgres) : SqlAlertStoreContract, IClassFixture<PostgresCluster>
{
    protected override async Task<SqlAlertStore> OpenStoreAsync() =>
        new(new StorageOptions { Provider = "postgres", ConnectionString = await postgres.CreateDatabaseAsync() });

    [Fact]
    public async Task Pipeline_OnPostgres_KeepsOneAlertPerIncidentAndResolvesIt()
    {
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = await postgres.CreateDatabaseAsync(),
        });
        for (var pass = 0; pass < 10; pass++)
        {
            await app.Sink.PublishAsync([QualityDrop(T0.AddMinutes(pass))], [], T0.AddMinutes(pass), CancellationToken.None);
        }

        await app.Sink.PublishAsync([], [Canary()], T0.AddMinutes(10), CancellationToken.None);
        await app.Sink.PublishAsync([], [Canary()], T0.AddMinutes(21), CancellationToken.None);

        var alert = Assert.Single(await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None));
        Assert.Equal(10, alert.FindingCount);
        Assert.Equal(AlertState.Resolved, alert.State);
    }

    [Fact]
    public async Task Pipeline_TwoReplicasOnOneDatabase_PublishingTheSameIncidentConcurrently_KeepOneAlert()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = connectionString };
        await using var first = await AlertsApp.StartAsync(settings);
        await using var second = await AlertsApp.StartAsync(settings);

        for (var pass = 0; pass < 8; pass++)
        {
            var at = T0.AddMinutes(pass);
            await Task.WhenAll(
                first.Sink.PublishAsync([QualityDrop(at)], [], at, CancellationToken.None),
                second.Sink.PublishAsync([QualityDrop(at)], [], at, CancellationToken.None));
        }

        var alert = Assert.Single(await first.Store.QueryAsync(new AlertQuery(), CancellationToken.None));
        Assert.Equal(16, alert.FindingCount);
    }
}
