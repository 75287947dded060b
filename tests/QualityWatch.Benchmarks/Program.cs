using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/QualityWatch.Benchmarks -- --filter '*'` runs every benchmark.
// `dotnet run -c Release --project tests/QualityWatch.Benchmarks -- evaluate` prints the detection evaluation table.
if (args.Length > 0 && args[0] == "evaluate")
{
    Console.Write(QualityWatch.Benchmarks.Detection.EvaluationHarness.ToMarkdown(QualityWatch.Benchmarks.Detection.EvaluationHarness.Run()));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(QualityWatch.Benchmarks.UnicodeScriptBenchmarks).Assembly).Run(args);
