using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/QualityWatch.Benchmarks -- --filter '*'` runs every benchmark.
// `dotnet run -c Release --project tests/QualityWatch.Benchmarks -- evaluate` prints the detection evaluation tables
// (generated series, then simulator runs); `evaluate-simulator` prints only the simulator tables.
if (args.Length > 0 && args[0] is "evaluate" or "evaluate-simulator")
{
    if (args[0] == "evaluate")
    {
        Console.Write(QualityWatch.Benchmarks.Detection.EvaluationHarness.ToMarkdown(QualityWatch.Benchmarks.Detection.EvaluationHarness.Run()));
        Console.WriteLine();
    }

    var simulated = QualityWatch.Benchmarks.Detection.Simulation.SimulatorEvaluation.Run(int.Parse(Environment.GetEnvironmentVariable("QW_FR") ?? "3"), int.Parse(Environment.GetEnvironmentVariable("QW_HR") ?? "1"));
    Console.Write(QualityWatch.Benchmarks.Detection.Simulation.SimulatorEvaluation.ToMarkdown(simulated));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(QualityWatch.Benchmarks.UnicodeScriptBenchmarks).Assembly).Run(args);
