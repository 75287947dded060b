using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/QualityWatch.Benchmarks -- --filter '*'` runs every benchmark.
BenchmarkSwitcher.FromAssembly(typeof(QualityWatch.Benchmarks.UnicodeScriptBenchmarks).Assembly).Run(args);
