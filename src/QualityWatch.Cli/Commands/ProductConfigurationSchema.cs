using QualityWatch.Alerts;
using QualityWatch.Canaries.Scheduling;
using QualityWatch.Cli.Canaries;
using QualityWatch.Cli.Serve;
using QualityWatch.Collector;
using QualityWatch.Collector.Security;
using QualityWatch.Configuration;
using QualityWatch.Detection.Engine;
using QualityWatch.Gate.Verdicts;
using QualityWatch.Providers;
using QualityWatch.Simulator;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Cli.Commands;

/// <summary>
/// Every section of <c>qualitywatch.yaml</c> and the options classes that bind it, so a misspelt key or a value of the
/// wrong type stops any verb with one line (file, line, key, "did you mean") instead of being ignored.
/// </summary>
internal static class ProductConfigurationSchema
{
    public static ConfigurationSchema Create() => new ConfigurationSchema()
        .Add(StorageOptions.SectionName, typeof(StorageOptions))
        .Add(TelemetryStoreOptions.SectionName, typeof(TelemetryStoreOptions))
        .Add(CollectorOptions.SectionName, typeof(CollectorOptions))
        .Add(SecurityOptions.SectionName, typeof(SecurityOptions), typeof(AdminSecurityOptions))
        .Add(ProviderOptions.SectionName, typeof(List<ProviderOptions>))
        .Add(CanarySchedulerOptions.SectionName, typeof(CanarySchedulerOptions), typeof(CanarySuitesOptions), typeof(CanaryRunSettings))
        .Add(DetectionEngineOptions.SectionName, typeof(DetectionEngineOptions), typeof(DetectionLoopOptions))
        .Add(AlertsOptions.SectionName, typeof(AlertsOptions))
        .Add(GateOptions.SectionName, typeof(GateOptions))
        .Add(SimulatorOptions.SectionName, typeof(SimulatorOptions));
}
