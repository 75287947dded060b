using QualityWatch.Alerts;
using QualityWatch.Canaries;
using QualityWatch.Collector;
using QualityWatch.Configuration;
using QualityWatch.Core.Security;
using QualityWatch.Detection.Engine;
using QualityWatch.Gate.Verdicts;
using QualityWatch.Providers;
using QualityWatch.Simulator;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Cli.Commands;

/// <summary>
/// Every section of <c>qualitywatch.yaml</c> and the options classes that bind it, so a misspelt key or a value of the
/// wrong type stops any verb with one line (file, line, key, "did you mean") instead of being ignored; so does a
/// <c>QW__</c> environment variable naming no key, and a value out of range (each options class's own validation, run
/// when the configuration is loaded, reported where the value was set).
/// </summary>
internal static class ProductConfigurationSchema
{
    public static ConfigurationSchema Create() => new ConfigurationSchema()
        .Add(StorageOptions.SectionName, typeof(StorageOptions))
        .Add(TelemetryStoreOptions.SectionName, typeof(TelemetryStoreOptions))
        .Add(CollectorOptions.SectionName, typeof(CollectorOptions))
        .Add(SecurityOptions.SectionName, typeof(SecurityOptions))
        .Add(MetricsExportOptions.SectionName, typeof(MetricsExportOptions))
        .Add(ProviderOptions.SectionName, typeof(List<ProviderOptions>))
        .Add(CanariesOptions.SectionName, typeof(CanariesOptions))
        .Add(DetectionEngineOptions.SectionName, typeof(DetectionEngineOptions))
        .Add(AlertsOptions.SectionName, typeof(AlertsOptions))
        .Add(GateOptions.SectionName, typeof(GateOptions))
        .Add(SimulatorOptions.SectionName, typeof(SimulatorOptions))
        .Check<CollectorOptions>(CollectorOptions.SectionName, o => o.Content.Validate())
        .Check<MetricsExportOptions>(MetricsExportOptions.SectionName, o => o.Validate())
        .CheckEach<ProviderOptions>(ProviderOptions.SectionName, ValidateProvider)
        .Check<CanariesOptions>(CanariesOptions.SectionName, o => o.Validate())
        .Check<DetectionEngineOptions>(DetectionEngineOptions.SectionName, o => o.Validate())
        .Check<AlertsOptions>(AlertsOptions.SectionName, o => o.Validate())
        .Check<GateOptions>(GateOptions.SectionName, o => o.Validate())
        .Check<SimulatorOptions>(SimulatorOptions.SectionName, o => o.Validate());

    private static void ValidateProvider(ProviderOptions provider)
    {
        if (provider.Validate() is [var first, ..])
        {
            throw new InvalidOperationException(first);
        }
    }
}
