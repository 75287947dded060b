using System.Collections.Concurrent;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// Requests counted since the last summary, by route family and status class, so `serve` logs one Information line a
/// minute instead of one per request (5,208 lines in 19 minutes of light traffic before).
/// </summary>
internal sealed class RequestSummary
{
    private ConcurrentDictionary<(string Route, int StatusClass), long> _counts = new();

    public void Record(string path, int status) =>
        _counts.AddOrUpdate((RouteFamily(path), status / 100), 1, (_, n) => n + 1);

    /// <summary>The counts since the last call, and a fresh start.</summary>
    public IReadOnlyDictionary<(string Route, int StatusClass), long> TakeAndReset() =>
        Interlocked.Exchange(ref _counts, new ConcurrentDictionary<(string Route, int StatusClass), long>());

    /// <summary>One line: total, per status class, per route family (most requested first).</summary>
    public static string Describe(IReadOnlyDictionary<(string Route, int StatusClass), long> counts)
    {
        long total = counts.Values.Sum();
        var byStatus = counts.GroupBy(c => c.Key.StatusClass).OrderBy(g => g.Key).Select(g => $"{g.Key}xx {g.Sum(c => c.Value)}");
        var byRoute = counts.GroupBy(c => c.Key.Route).Select(g => (Route: g.Key, Count: g.Sum(c => c.Value)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Route, StringComparer.Ordinal).Select(r => $"{r.Route} {r.Count}");
        return $"{total} requests ({string.Join(", ", byStatus)}): {string.Join(", ", byRoute)}";
    }

    /// <summary>The first path segment (or the gRPC service), so ids in paths do not make one entry per request.</summary>
    internal static string RouteFamily(string path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return "/";
        }

        if (path.StartsWith("/opentelemetry.proto.", StringComparison.Ordinal) || path.StartsWith("/grpc.", StringComparison.Ordinal))
        {
            int slash = path.IndexOf('/', 1);
            return slash < 0 ? path : path[..slash];
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length switch
        {
            0 => "/",
            1 => "/" + segments[0],
            _ when segments[0] is "v1" or "api" or "health" => $"/{segments[0]}/{segments[1]}",
            _ => "/" + segments[0],
        };
    }
}
