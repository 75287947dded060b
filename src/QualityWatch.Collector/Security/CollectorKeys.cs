using Microsoft.AspNetCore.Http;
using QualityWatch.Core.Security;

namespace QualityWatch.Collector.Security;

/// <summary>
/// The ingest and admin key sets, and how a request presents a key: <c>Authorization: Bearer …</c> or
/// <c>x-api-key</c>. With no ingest key configured ingestion is open (a warning is logged at start).
/// </summary>
public sealed class CollectorKeys
{
    /// <summary>Builds both sets from <paramref name="options"/>.</summary>
    public CollectorKeys(SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Ingest = ApiKeySet.From(options.IngestKeys, options.IngestKeysEnv, options.IngestKeysFile);
        Admin = ApiKeySet.From(options.AdminKeys, options.AdminKeysEnv, options.AdminKeysFile);
        ProtectMetrics = options.ProtectMetrics;
    }

    /// <summary>Keys that may send telemetry.</summary>
    public ApiKeySet Ingest { get; }

    /// <summary>Keys that may call admin endpoints (alert actions, configuration).</summary>
    public ApiKeySet Admin { get; }

    /// <summary>Whether <c>/metrics</c> needs a key.</summary>
    public bool ProtectMetrics { get; }

    /// <summary>Whether the request may ingest.</summary>
    public bool MayIngest(HttpRequest request) => Ingest.IsEmpty || Ingest.Matches(PresentedKey(request));

    /// <summary>Whether the request carries an admin key (no admin key configured means nobody is admin).</summary>
    public bool IsAdmin(HttpRequest request) => !Admin.IsEmpty && Admin.Matches(PresentedKey(request));

    /// <summary>Whether the request may scrape <c>/metrics</c>.</summary>
    public bool MayScrape(HttpRequest request) =>
        !ProtectMetrics || IsAdmin(request) || (!Ingest.IsEmpty && Ingest.Matches(PresentedKey(request)));

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("x-api-key", out var apiKey) && apiKey.Count > 0)
        {
            return apiKey[0];
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..] : null;
    }
}
