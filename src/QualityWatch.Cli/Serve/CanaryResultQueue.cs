using System.Collections.Concurrent;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Cli.Serve;

/// <summary>Canary results waiting for the next detection pass (the scheduler adds, the detection loop drains).</summary>
internal sealed class CanaryResultQueue
{
    private readonly ConcurrentQueue<CanaryResult> _results = new();

    public void Add(IReadOnlyList<CanaryResult> results)
    {
        foreach (var result in results)
        {
            _results.Enqueue(result);
        }
    }

    public IReadOnlyList<CanaryResult> Drain()
    {
        var drained = new List<CanaryResult>();
        while (_results.TryDequeue(out var result))
        {
            drained.Add(result);
        }

        return drained;
    }
}
