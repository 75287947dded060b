using BenchmarkDotNet.Attributes;
using QualityWatch.Core.Text;

namespace QualityWatch.Benchmarks;

/// <summary>Script histograms run on every collected output, so they must cost little per character.</summary>
[MemoryDiagnoser]
public class UnicodeScriptBenchmarks
{
    private readonly string _answer = string.Concat(Enumerable.Repeat("The capital of France is Paris. ", 32)) + "ครับ";

    [Benchmark]
    public IReadOnlyDictionary<string, int> Histogram_OneKilobyteAnswer() => UnicodeScript.Histogram(_answer);
}
