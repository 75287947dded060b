using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QualityWatch.Storage.Tests.Detection;

/// <summary>A throw-away PostgreSQL 15 cluster in a temp directory on a free loopback port, run as user postgres.</summary>
internal sealed class TemporaryPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;

    private TemporaryPostgres(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public static async Task<TemporaryPostgres> StartAsync()
    {
        string directory = Directory.CreateTempSubdirectory("qw-pg-").FullName;
        Run("chown", $"postgres {directory}");
        string data = Path.Combine(directory, "data");
        Run("runuser", $"-u postgres -- {Bin}/initdb -D {data} -A trust -U postgres --no-sync");
        int port = FreePort();
        Run("runuser", $"-u postgres -- {Bin}/pg_ctl -D {data} -l {Path.Combine(directory, "log")} -o \"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off\" -w start");
        await Task.CompletedTask;
        return new TemporaryPostgres(directory, port);
    }

    public ValueTask DisposeAsync()
    {
        Run("runuser", $"-u postgres -- {Bin}/pg_ctl -D {Path.Combine(_directory, "data")} -m immediate -w stop");
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {stderr}");
        }
    }
}
