using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using QualityWatch.Configuration;
using QualityWatch.Storage;

namespace QualityWatch.Collector.Host;

/// <summary>
/// The collector on its own: <c>dotnet QualityWatch.Collector.Host.dll [path/to/qualitywatch.yaml]</c>
/// (<c>qualitywatch serve --config …</c> adds alerts, detection and canaries to the same calls).
/// </summary>
internal sealed class Program
{
    private Program()
    {
    }

    /// <summary>Builds the collector from the configuration file (and <c>QW__</c> environment overrides) and runs it until stopped.</summary>
    public static async Task Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.Configuration.AddConfiguration(QualityWatchConfiguration.Load(args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null));
        builder.Services.AddQualityWatchStorage();
        builder.AddQualityWatchCollector();
        var app = builder.Build();
        app.MapQualityWatchCollector();
        await app.RunAsync();
    }
}
