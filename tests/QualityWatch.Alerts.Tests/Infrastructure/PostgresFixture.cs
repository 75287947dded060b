using System.Diagnostics;

namespace QualityWatch.Alerts.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL 15 cluster (initdb + pg_ctl) in a temp folder on a free loopback port, run as user
/// <c>postgres</c> when the tests run as root (PostgreSQL refuses root). Each test gets its own database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qw-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private int _port;
    private int _databases;

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=true";

    public async Task InitializeAsync()
    {
        _port = FreePort.Next();
        await RunAsync("/bin/mkdir", "-p", _directory);
        await RunAsync($"{Bin}/initdb", "-D", Path.Combine(_directory, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        await RunAsync($"{Bin}/pg_ctl", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "log"), "-w", "-t", "60",
            "-o", $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
    }

    /// <summary>A fresh, empty database.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"qw_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20];
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = $"CREATE DATABASE {name}";
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await RunAsync($"{Bin}/pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "/usr/sbin/runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await stderr} {await stdout}");
        }
    }
}
