namespace QualityWatch.Simulator.Apis;

/// <summary>Accumulates per-chunk simulated time and sleeps it in real time in coarse steps.</summary>
internal sealed class StreamPacer(SimulatorRuntime runtime, TimeSpan perChunk)
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(15);
    private TimeSpan _debt;

    public async Task NextChunkAsync(CancellationToken cancellationToken)
    {
        _debt += perChunk * runtime.LatencyScale;
        if (_debt >= Step)
        {
            var sleep = _debt;
            _debt = TimeSpan.Zero;
            await Task.Delay(sleep, cancellationToken).ConfigureAwait(false);
        }
    }
}
