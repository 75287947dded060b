using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace QualityWatch.Storage.Tests.Telemetry;

/// <summary>A throwaway PostgreSQL cluster: initdb + pg_ctl as user postgres in a temp folder, on 127.0.0.1 and a free port.</summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qw-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = string.Empty;
    private int _port;

    private string DataDirectory => Path.Combine(_directory, "data");

    public async Task InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().First();
        Directory.CreateDirectory(_directory);
        await RunAsync("chown", "postgres:postgres", _directory);
        await AsPostgresAsync("initdb", "-D", DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            _port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start");
    }

    public async Task DisposeAsync()
    {
        await AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "qw_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    private string ConnectionString(string database) => $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Maximum Pool Size=20";

    private Task AsPostgresAsync(string tool, params string[] arguments) => RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]);

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
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}
