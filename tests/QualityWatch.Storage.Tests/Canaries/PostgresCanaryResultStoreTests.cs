using QualityWatch.Core.Canaries;
using QualityWatch.Storage.Canaries;
using QualityWatch.TestSupport.Postgres;

namespace QualityWatch.Storage.Tests.Canaries;

public sealed class PostgresCanaryResultStoreTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AppendThenQuery_OnPostgres_RoundTripsEveryField_AndMigratesOnce()
    {
        var options = new StorageOptions { Provider = "postgres", ConnectionString = await cluster.CreateDatabaseAsync() };
        var failed = SqlCanaryResultStoreTests.Result("openai-prod", 2, T0.AddMinutes(1), CanaryOutcome.Failed);
        var unavailable = SqlCanaryResultStoreTests.Result("openai-prod", 3, T0.AddMinutes(2), CanaryOutcome.Unavailable);
        await using (var database = await QualityWatchDatabase.OpenAsync(options, CanaryStorage.Migrations, CancellationToken.None))
        {
            Assert.Equal(SqlDialect.Postgres, database.Dialect);
            await new SqlCanaryResultStore(database).AppendAsync([unavailable, failed, SqlCanaryResultStoreTests.Result("other", 1, T0)], CancellationToken.None);
        }

        // Reopening must not re-run the migration (CREATE TABLE would fail) and must keep the rows.
        await using var reopened = await QualityWatchDatabase.OpenAsync(options, CanaryStorage.Migrations, CancellationToken.None);
        var read = await new SqlCanaryResultStore(reopened).QueryAsync(T0, T0.AddHours(1), "openai-prod", CancellationToken.None);

        Assert.Equal(2, read.Count);
        SqlCanaryResultStoreTests.AssertSame(failed, read[0]);
        SqlCanaryResultStoreTests.AssertSame(unavailable, read[1]);
    }
}
