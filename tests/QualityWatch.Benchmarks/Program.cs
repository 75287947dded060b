using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/QualityWatch.Benchmarks -- --filter '*'` runs every benchmark.
// `dotnet run -c Release --project tests/QualityWatch.Benchmarks -- evaluate` prints the detection evaluation tables
// (generated series, then simulator runs); `evaluate-simulator` prints only the simulator tables. `--runs N` plays N
// fault runs instead of 3 (seeds and start shifts continue the same sequence), for delays with a smaller error;
// `--sessions N` sends the canaries under N session identities per provider instead of the runner's default.
if (args.Length > 0 && args[0] is "evaluate" or "evaluate-simulator")
{
    if (args[0] == "evaluate")
    {
        Console.Write(QualityWatch.Benchmarks.Detection.EvaluationHarness.ToMarkdown(QualityWatch.Benchmarks.Detection.EvaluationHarness.Run()));
        Console.WriteLine();
    }

    int runs = 3;
    int at = Array.IndexOf(args, "--runs");
    if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], out runs) || runs is < 1 or > 100))
    {
        Console.Error.WriteLine("--runs needs a number of fault runs from 1 to 100");
        return 2;
    }

    int sessions = QualityWatch.Canaries.Running.CanarySessions.DefaultCount;
    int sessionsAt = Array.IndexOf(args, "--sessions");
    if (sessionsAt >= 0 && (sessionsAt + 1 >= args.Length || !int.TryParse(args[sessionsAt + 1], out sessions) || sessions is < 0 or > QualityWatch.Canaries.Running.CanarySessions.MaxCount))
    {
        Console.Error.WriteLine($"--sessions needs a number of canary session identities from 0 to {QualityWatch.Canaries.Running.CanarySessions.MaxCount}");
        return 2;
    }

    var simulated = QualityWatch.Benchmarks.Detection.Simulation.SimulatorEvaluation.Run(faultRuns: runs, sessions: sessions);
    Console.Write(QualityWatch.Benchmarks.Detection.Simulation.SimulatorEvaluation.ToMarkdown(simulated));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(QualityWatch.Benchmarks.UnicodeScriptBenchmarks).Assembly).Run(args);
return 0;
