using Microsoft.Extensions.Configuration;
using QualityWatch.Simulator;

namespace QualityWatch.Cli.Simulate;

/// <summary>Turns `qualitywatch simulate` arguments and an optional config file's Simulator section into validated
/// <see cref="SimulatorOptions"/>: the file's values (scenarios with their parameters included) apply, a flag given on
/// the command line wins over them, and the command's defaults fill what neither sets. Every mistake becomes a one-line
/// usage error.</summary>
internal static class SimulateSettings
{
    public const int DefaultPort = 8089;

    public static SimulatorOptions Build(IConfiguration? configuration, string? scenarios, int? port, double? speed, int? seed, double? latencyScale)
    {
        var options = new SimulatorOptions { Port = DefaultPort };
        var section = configuration?.GetSection(SimulatorOptions.SectionName);
        section?.Bind(options);
        if (section?.GetSection(nameof(SimulatorOptions.Port)).Value is null)
        {
            options.Port = DefaultPort;
        }

        if (scenarios is not null)
        {
            try
            {
                options.Scenarios = [.. ScenarioCatalog.ParseList(scenarios)];
            }
            catch (FormatException ex)
            {
                throw CliException.Usage(ex.Message);
            }
        }

        options.Port = port ?? options.Port;
        options.Speed = speed ?? options.Speed;
        options.Seed = seed ?? options.Seed;
        options.LatencyScale = latencyScale ?? options.LatencyScale;
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
