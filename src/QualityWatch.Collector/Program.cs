using QualityWatch.Collector;
using QualityWatch.Configuration;

// The collector on its own: `dotnet QualityWatch.Collector.dll [path/to/qualitywatch.yaml]`.
// `qualitywatch serve --config …` hosts the same application through CollectorApplication.Build.
var configuration = QualityWatchConfiguration.Load(args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null);
var app = CollectorApplication.Build(configuration);
await app.RunAsync();

/// <summary>The entry point, public so <c>WebApplicationFactory&lt;Program&gt;</c> can host the collector in tests.</summary>
public partial class Program;
