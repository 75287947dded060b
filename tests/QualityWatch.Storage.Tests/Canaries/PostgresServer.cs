using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QualityWatch.Storage.Tests.Canaries;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for one test class: initdb in a temp directory, listening on 127.0.0.1 at a
/// free port, run as the <c>postgres</c> user (the server refuses to run as root), removed on dispose.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dataDirectory;

    private PostgresServer(string dataDirectory, int port)
    {
        _dataDirectory = dataDirectory;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=15";
    }

    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("qw-pg-").FullName;
        var data = Path.Combine(root, "data");
        await RunAsync("chown", "-R", "postgres", root);
        await AsPostgresAsync($"{Bin}/initdb -D {data} -U postgres --auth=trust --no-sync -E UTF8");
        var port = FreePort();
        await AsPostgresAsync($"{Bin}/pg_ctl -D {data} -l {root}/log -w -t 60 -o \"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c fsync=off\" start");
        return new PostgresServer(data, port);
    }

    public async ValueTask DisposeAsync()
    {
        await AsPostgresAsync($"{Bin}/pg_ctl -D {_dataDirectory} -m immediate -w stop");
        Directory.Delete(Path.GetDirectoryName(_dataDirectory)!, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task AsPostgresAsync(string command) => RunAsync("runuser", "-u", "postgres", "--", "sh", "-c", command);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
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
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error} {await output}");
        }
    }
}
