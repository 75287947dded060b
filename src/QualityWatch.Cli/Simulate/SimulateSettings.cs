using Microsoft.Extensions.Configuration;
using QualityWatch.Simulator;

namespace QualityWatch.Cli.Simulate;

/// <summary>Turns `qualitywatch simulate` arguments (and an optional config file's Simulator section) into
/// validated <see cref="SimulatorOptions"/>; every mistake becomes a one-line usage error.</summary>
internal static class SimulateSettings
{
    public static SimulatorOptions Build(IConfiguration? configuration, string scenarios, int port, double speed, int seed, double latencyScale)
    {
        var options = new SimulatorOptions();
        configuration?.GetSection(SimulatorOptions.SectionName).Bind(options);
        try
        {
            options.Scenarios = [.. ScenarioCatalog.ParseList(scenarios)];
        }
        catch (FormatException ex)
        {
            throw CliException.Usage(ex.Message);
        }

        options.Port = port;
        options.Speed = speed;
        options.Seed = seed;
        options.LatencyScale = latencyScale;
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage(CliApplication.OneLine(ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]));
        }

        return options;
    }
}
