namespace QualityWatch.Storage.Telemetry;

/// <summary>One series-minute of a <see cref="CallBatch"/>.</summary>
public sealed class CallBatchSlot
{
    private readonly CallBatch _batch;
    private readonly BucketAccumulator _accumulator;

    internal CallBatchSlot(CallBatch batch, BucketAccumulator accumulator)
    {
        _batch = batch;
        _accumulator = accumulator;
    }

    /// <summary>Counts one call.</summary>
    public void Add(in CallFigures figures)
    {
        _accumulator.Add(figures);
        _batch.Counted();
    }
}
