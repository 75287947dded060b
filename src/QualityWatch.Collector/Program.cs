using QualityWatch.Configuration;

namespace QualityWatch.Collector;

/// <summary>
/// The collector on its own: <c>dotnet QualityWatch.Collector.dll [path/to/qualitywatch.yaml]</c>
/// (<c>qualitywatch serve --config …</c> hosts the same application). Public and namespaced so
/// <c>WebApplicationFactory&lt;Program&gt;</c> can host it in tests without clashing with other entry points.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Builds the collector from the configuration file (and <c>QW__</c> environment overrides) and runs it until stopped.</summary>
    public static async Task Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = QualityWatchConfiguration.Load(args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null);
        var app = CollectorApplication.Build(configuration);
        await app.RunAsync();
    }
}
