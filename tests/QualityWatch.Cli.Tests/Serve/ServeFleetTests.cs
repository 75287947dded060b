using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using QualityWatch.Canaries.Suites;
using QualityWatch.Cli.Demo;
using QualityWatch.Simulator;
using QualityWatch.TestSupport.Postgres;

namespace QualityWatch.Cli.Tests.Serve;

/// <summary>
/// Three real <c>qualitywatch serve</c> processes on one throw-away PostgreSQL cluster, their canaries answered by the
/// provider simulator: one schedule for the fleet, handed over when its replica is killed with SIGKILL.
/// </summary>
public sealed partial class ServeFleetTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-fleet-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ThreeReplicas_RunOneCanarySchedule_AndAnotherTakesItOverWhenItsReplicaIsKilled()
    {
        string connection = await cluster.CreateDatabaseAsync();
        string canaries = DemoSuites.FindCanariesDirectory()!;
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, LatencyScale = 0 }, SuiteAnswerBook.FromDirectory(canaries), CancellationToken.None);
        string config = Path.Combine(_directory, "qualitywatch.yaml");
        await File.WriteAllTextAsync(config, $"""
            storage:
              provider: postgres
              connection_string_env: QW_FLEET_TEST_PG
            collector:
              listen_address: 127.0.0.1
              http_port: 0
              grpc_port: 0
            providers:
              - name: sim
                kind: openai
                base_url: {simulator.BaseUrl}v1
                model: gpt-4o-mini
                api_key_env: QW_FLEET_TEST_KEY
                max_retries: 0
            canaries:
              suites: [{Path.Combine(canaries, "arithmetic.yaml")}]
              interval_seconds: 2
              jitter: 0
            """);

        var replicas = new List<Process>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                replicas.Add(await StartServeAsync(config, connection));
            }

            // All three alive: one replica (one run id) runs every round.
            var runs = await WaitForRunsAsync(connection, minimumRounds: 4, TimeSpan.FromSeconds(60));
            Assert.Single(runs);
            var leaderRun = runs.Keys.Single();
            Assert.Equal(0, await DuplicatesAsync(connection));

            // SIGKILL the replica that runs the schedule: the run id it logged tells which one it is.
            var leader = replicas.Single(r => RunIdOf(r) == leaderRun);
            leader.Kill();
            await leader.WaitForExitAsync();
            var killedAt = DateTimeOffset.UtcNow;

            var after = await WaitForNewRunAsync(connection, leaderRun, TimeSpan.FromSeconds(60));
            Assert.True(DateTimeOffset.UtcNow - killedAt < TimeSpan.FromSeconds(30), "the schedule was taken over within a lease check or two");

            // Two more rounds: still exactly one replica runs the schedule (the dead one stored nothing after its death).
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await RunsSinceAsync(connection, killedAt)).GetValueOrDefault(after) < 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }

            var ranAfterKill = await RunsSinceAsync(connection, killedAt);
            Assert.Equal([after], ranAfterKill.Keys);
            Assert.True(ranAfterKill[after] >= 3, $"{ranAfterKill[after]} rounds after the hand-over");
            Assert.Equal(0, await DuplicatesAsync(connection));

            // What the fleet spent: one call per stored result, give or take the round the dead replica had in flight
            // and the one the new holder is running now — not three calls per case.
            int cases = SuiteLoader.LoadFiles([Path.Combine(canaries, "arithmetic.yaml")]).Suites.Single().Cases.Count;
            long stored = await StoredResultsAsync(connection);
            long calls = simulator.GetState().Models.Single(m => m.Name == "gpt-4o-mini").Calls;
            Assert.InRange(calls, stored, stored + (2 * cases));

            // Every replica serves /metrics with its ingest queue; the holder's shows the canaries it ran.
            var successor = replicas.Single(r => RunIdOf(r) == after);
            using var http = new HttpClient();
            foreach (var replica in replicas.Where(r => !r.HasExited))
            {
                var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{HttpPortOf(replica)}/metrics"));
                Assert.Matches(@"(?m)^qualitywatch_ingest_queue_depth(\{[^}]*\})? \d+", metrics);
                // The simulator answered correctly throughout: no replica, the dead holder's successor included, opened
                // an incident (the incidents table is shared, so a duplicate would show on every replica).
                var incidents = await http.GetStringAsync(new Uri($"http://127.0.0.1:{HttpPortOf(replica)}/api/incidents?state=all"));
                Assert.Equal("[]", incidents.Trim());
                if (replica == successor)
                {
                    Assert.Matches(@"(?m)^qualitywatch_canary_results_total\{[^}]*gen_ai_provider_name=""sim""[^}]*outcome=""passed""[^}]*\} [1-9]", metrics);
                }
            }
        }
        finally
        {
            foreach (var replica in replicas)
            {
                if (!replica.HasExited)
                {
                    replica.Kill();
                    await replica.WaitForExitAsync();
                }

                replica.Dispose();
            }
        }
    }

    private readonly Dictionary<Process, System.Text.StringBuilder> _logs = [];

    private string Logged(Process process)
    {
        lock (_logs)
        {
            return _logs[process].ToString();
        }
    }

    private string? RunIdOf(Process process) => RunIdLine().Match(Logged(process)) is { Success: true } m ? m.Groups[1].Value : null;

    private async Task<Process> StartServeAsync(string config, string connection)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _directory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qualitywatch.dll"));
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(config);
        info.Environment["QW_FLEET_TEST_PG"] = connection;
        info.Environment["QW_FLEET_TEST_KEY"] = "sk-simulator";
        var process = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        lock (_logs)
        {
            _logs[process] = log;
        }

        var ready = new TaskCompletionSource();
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_logs)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data.Contains("collector listening", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return process;
    }

    private static async Task<Dictionary<string, int>> WaitForRunsAsync(string connection, int minimumRounds, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var runs = await RunsSinceAsync(connection, DateTimeOffset.MinValue);
            if (runs.Values.Sum() >= minimumRounds || DateTime.UtcNow > deadline)
            {
                return runs;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<string> WaitForNewRunAsync(string connection, string old, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var runs = await RunsSinceAsync(connection, DateTimeOffset.MinValue);
            if (runs.Keys.FirstOrDefault(r => r != old) is { } fresh)
            {
                return fresh;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("no replica took the canary schedule over");
    }

    /// <summary>Rounds per run id (one per replica process) stored since <paramref name="since"/>.</summary>
    private static async Task<Dictionary<string, int>> RunsSinceAsync(string connection, DateTimeOffset since)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT run_id, COUNT(DISTINCT round) FROM canary_results WHERE ts_unix_ms >= @since GROUP BY run_id", db);
        query.Parameters.AddWithValue("since", since == DateTimeOffset.MinValue ? 0 : since.ToUnixTimeMilliseconds());
        var runs = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                runs[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The first replica has not run the migrations yet.
        }

        return runs;
    }

    private int HttpPortOf(Process process) =>
        int.Parse(HttpPortLine().Match(Logged(process)).Groups[1].Value, CultureInfo.InvariantCulture);

    private static async Task<long> StoredResultsAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT COUNT(*) FROM canary_results", db);
        return Convert.ToInt64(await query.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<long> DuplicatesAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT COUNT(*) FROM (SELECT run_id, round, case_id FROM canary_results GROUP BY run_id, round, case_id HAVING COUNT(*) > 1) d", db);
        return Convert.ToInt64(await query.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("\"RunId\":\"(serve-[0-9a-f]+)\"")]
    private static partial Regex RunIdLine();

    [GeneratedRegex("collector listening: OTLP/HTTP :([0-9]+)")]
    private static partial Regex HttpPortLine();
}
