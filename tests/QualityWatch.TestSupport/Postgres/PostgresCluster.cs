using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using QualityWatch.TestSupport.Networking;
using Xunit;

namespace QualityWatch.TestSupport.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster for tests: <c>initdb</c> and <c>pg_ctl</c> in a temp folder, listening on 127.0.0.1
/// at a free port, removed on dispose. The server refuses to run as root, so its tools run as user <c>postgres</c>
/// when the tests run as root. Use it as an xunit class fixture and give each test its own database.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qw-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private string _bin = string.Empty;
    private int _port;

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Starts the cluster (xunit calls this for a fixture).</summary>
    public async Task InitializeAsync()
    {
        // The newest installed major version; Debian puts each under /usr/lib/postgresql/<major>/bin.
        _bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderDescending()
            .FirstOrDefault() ?? throw new InvalidOperationException("PostgreSQL is not installed under /usr/lib/postgresql (test.sh installs it).");
        Directory.CreateDirectory(_directory);
        if (RunsAsRoot)
        {
            await RunAsync("chown", "postgres:postgres", _directory);
        }

        await RunToolAsync("initdb", "-D", DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        _port = FreePort.Next();

        // fsync off: the tests exercise our semantics, not the disk's; max_connections covers two replicas' pools.
        await RunToolAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200", "start");
    }

    /// <summary>Stops the cluster and removes its files.</summary>
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            // A test may have stopped the server itself (StopAsync).
            await RunToolAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    /// <summary>Stops the server (fast shutdown: open sessions are ended), as a database restart or outage would.</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");

    /// <summary>Starts the stopped server again on the same port.</summary>
    public Task StartAsync() =>
        RunToolAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200", "start");

    public async Task<string> CreateDatabaseAsync()
    {
        var name = "qw_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>The connection string for <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Maximum Pool Size=20;Timeout=15";

    private static bool RunsAsRoot => Environment.UserName == "root";

    private Task RunToolAsync(string tool, params string[] arguments) =>
        RunsAsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error} {await output}");
        }
    }
}
