using System.CommandLine;
using QualityWatch.Cli.Bench;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch bench`.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("bench", "Run load benchmarks (for example: bench ingest).");
        var seconds = new Option<int>("--seconds") { Description = "Seconds of measured load per target (null endpoint, collector, in-process pipeline).", DefaultValueFactory = _ => 10 };
        var connections = new Option<int>("--connections") { Description = "Concurrent client connections.", DefaultValueFactory = _ => 4 };
        var spans = new Option<int>("--spans-per-request") { Description = "Spans in each OTLP request.", DefaultValueFactory = _ => 500 };
        var withContent = new Option<bool>("--with-content") { Description = "Spans carry a prompt and a completion; the collector derives content features (script histogram, length…) from the completion." };
        var storeContent = new Option<bool>("--store-content") { Description = "As --with-content, and the collector also stores prompt and completion (collector.content.store)." };
        var rounds = new Option<int>("--rounds") { Description = "Repeat the whole run this many times and report the median ratio (one round's ratio moves with the machine's other load).", DefaultValueFactory = _ => 1 };
        var protocol = new Option<string>("--protocol") { Description = "http (OTLP/HTTP protobuf to /v1/traces) or grpc (OTLP/gRPC TraceService/Export).", DefaultValueFactory = _ => "http" };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of unmeasured load on each target before it is measured.", DefaultValueFactory = _ => 2 };
        var ingest = new Command("ingest", "Drive OTLP/HTTP protobuf (or OTLP/gRPC) load at the collector (SQLite) and at a null endpoint; print spans/s, latency, memory and the ratio.");
        ingest.Options.Add(seconds);
        ingest.Options.Add(connections);
        ingest.Options.Add(spans);
        ingest.Options.Add(withContent);
        ingest.Options.Add(storeContent);
        ingest.Options.Add(rounds);
        ingest.Options.Add(warmup);
        ingest.Options.Add(protocol);
        ingest.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var protocolName = parse.GetValue(protocol);
            if (protocolName is not ("http" or "grpc"))
            {
                throw CliException.Usage($"--protocol must be http or grpc, not '{protocolName}'");
            }

            var settings = new IngestBenchmarkSettings(parse.GetValue(seconds), parse.GetValue(connections), parse.GetValue(spans), parse.GetValue(withContent) || parse.GetValue(storeContent), parse.GetValue(storeContent), parse.GetValue(rounds), parse.GetValue(warmup), protocolName == "grpc");
            if (settings.Seconds is < 1 or > 600 || settings.Connections is < 1 or > 256 || settings.SpansPerRequest is < 1 or > 10_000 || settings.Rounds is < 1 or > 20 || settings.WarmupSeconds is < 0 or > 60)
            {
                throw CliException.Usage("--seconds must be 1..600, --connections 1..256, --spans-per-request 1..10000, --rounds 1..20, --warmup 0..60");
            }

            var report = await IngestBenchmark.RunRoundsAsync(settings, cancellationToken);
            await console.Out.WriteLineAsync(report.ToText());
            return ExitCodes.Success;
        });
        command.Subcommands.Add(ingest);
        return command;
    }
}
