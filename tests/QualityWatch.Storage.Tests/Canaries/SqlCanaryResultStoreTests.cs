using QualityWatch.Core.Canaries;
using QualityWatch.Storage.Canaries;

namespace QualityWatch.Storage.Tests.Canaries;

public sealed class SqlCanaryResultStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-canary-store-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static CanaryResult Result(string provider, int round, DateTimeOffset at, CanaryOutcome outcome = CanaryOutcome.Passed) => new(
        "run-1",
        round,
        at,
        provider,
        "gpt-4o-mini",
        "arithmetic",
        $"add-{round:D3}",
        "arithmetic",
        outcome,
        TimeSpan.FromMilliseconds(812.5),
        outcome == CanaryOutcome.Unavailable ? null : TimeSpan.FromMilliseconds(301.25),
        outcome == CanaryOutcome.Unavailable ? null : 21,
        outcome == CanaryOutcome.Unavailable ? null : 2,
        outcome == CanaryOutcome.Unavailable ? 0m : 0.0000043m,
        outcome == CanaryOutcome.Unavailable ? null : "stop",
        outcome == CanaryOutcome.Unavailable ? "503" : null,
        "equals \"42\"",
        outcome == CanaryOutcome.Unavailable ? null : "42 ครับ",
        outcome == CanaryOutcome.Failed ? ["script: found Thai", "equals: expected \"42\""] : [],
        "fp_0ba0d124f1",
        new Dictionary<string, string> { ["region"] = "us-east" },
        outcome == CanaryOutcome.Unavailable ? null : "4bf92f3577b34da6a3ce929d0e0e4736",
        outcome == CanaryOutcome.Unavailable ? null : "00f067aa0ba902b7",
        $"qw-canary-{provider}-{round % 16:D2}",
        outcome == CanaryOutcome.Unavailable ? null : 48,
        outcome == CanaryOutcome.Unavailable ? null : 3);

    [Fact]
    public async Task AppendThenQuery_RoundTripsEveryField_OldestFirst_FilteredByTimeAndProvider()
    {
        await using var database = await QualityWatchDatabase.OpenAsync(
            new StorageOptions { Path = Path.Combine(_directory, "qw.db") }, CanaryStorage.Migrations, CancellationToken.None);
        var store = new SqlCanaryResultStore(database);
        var failed = Result("openai-prod", 2, T0.AddMinutes(1), CanaryOutcome.Failed);
        var unavailable = Result("openai-prod", 3, T0.AddMinutes(2), CanaryOutcome.Unavailable);
        var other = Result("anthropic-prod", 1, T0.AddMinutes(1));
        var late = Result("openai-prod", 4, T0.AddHours(2));
        await store.AppendAsync([unavailable, failed, other, late], CancellationToken.None);

        var read = await store.QueryAsync(T0, T0.AddHours(1), "openai-prod", CancellationToken.None);

        Assert.Equal(2, read.Count);
        AssertSame(failed, read[0]);
        AssertSame(unavailable, read[1]);
        Assert.Equal(3, (await store.QueryAsync(T0, T0.AddHours(1), null, CancellationToken.None)).Count);
        Assert.Empty(await store.QueryAsync(T0.AddHours(3), T0.AddHours(4), null, CancellationToken.None));
    }

    [Fact]
    public async Task Migrations_AreTheCanaryModule()
    {
        Assert.Equal(["canaries-0001", "canaries-0002", "canaries-0003", "canaries-0004"], CanaryStorage.Migrations.Select(m => m.Id));
        Assert.Contains("BIGINT GENERATED ALWAYS AS IDENTITY", CanaryStorage.Migrations[0].Sql(SqlDialect.Postgres), StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ResultsStoredBeforeTraceIdsWereKept_ReadBackWithoutThem_AfterTheUpgrade()
    {
        var path = Path.Combine(_directory, "old.db");
        var old = Result("openai-prod", 1, T0) with { TraceId = null, SpanId = null };
        await using (var before = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = path }, [CanaryStorage.Migrations[0]], CancellationToken.None))
        {
            await using var insert = await before.OpenConnectionAsync(CancellationToken.None);
            await using var command = insert.CreateCommand();
            command.CommandText = "INSERT INTO canary_results (run_id, round, ts_unix_ms, provider, model, suite, case_id, category, outcome, latency_ms, cost_usd, expected, failure_reasons, labels) "
                + $"VALUES ('run-1', 1, {T0.ToUnixTimeMilliseconds()}, 'openai-prod', 'gpt-4o-mini', 'arithmetic', 'add-001', 'arithmetic', 'Passed', 812.5, '0', 'x', '[]', '{{}}')";
            await command.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var after = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = path }, CanaryStorage.Migrations, CancellationToken.None);
        var store = new SqlCanaryResultStore(after);
        await store.AppendAsync([Result("openai-prod", 2, T0.AddMinutes(1))], CancellationToken.None);

        var read = await store.QueryAsync(T0, T0.AddHours(1), null, CancellationToken.None);

        Assert.Equal([null, "4bf92f3577b34da6a3ce929d0e0e4736"], read.Select(r => r.TraceId));
        Assert.Equal([null, "qw-canary-openai-prod-02"], read.Select(r => r.Session));
        Assert.Equal([null, 48L], read.Select(r => r.LogprobTokens));
        Assert.Equal([null, 3L], read.Select(r => r.GreedyViolations));
        Assert.Equal(old.CaseId, read[0].CaseId);
    }

    internal static void AssertSame(CanaryResult expected, CanaryResult actual)
    {
        // Records compare collections by reference: compare the scalar fields with shared empty collections.
        var none = Array.Empty<string>();
        var noLabels = new Dictionary<string, string>();
        Assert.Equal(expected with { FailureReasons = none, Labels = noLabels }, actual with { FailureReasons = none, Labels = noLabels });
        Assert.Equal(expected.FailureReasons, actual.FailureReasons);
        Assert.Equal(expected.Labels, actual.Labels);
    }
}
