using System.Net;
using System.Net.Sockets;

namespace QualityWatch.TestSupport.Networking;

/// <summary>
/// A loopback port that was free a moment ago, for processes that must be told their port up front (PostgreSQL,
/// Prometheus, Alertmanager, a collector process) or for an address where nothing listens.
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
