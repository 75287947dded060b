using System.CommandLine;
using QualityWatch.Cli.Serve;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch serve`.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var config = CommonOptions.Config();
        var command = new Command("serve", "Run the collector (OTLP/HTTP 4318, OTLP/gRPC 4317, /metrics, health) from qualitywatch.yaml.");
        command.Options.Add(config);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var configuration = CommonOptions.LoadConfiguration(parse.GetValue(config));
            await CollectorServer.RunAsync(configuration, console, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
