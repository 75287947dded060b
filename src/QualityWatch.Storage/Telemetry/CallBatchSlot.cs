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

    /// <summary>Counts calls known only in aggregate (OTLP metrics): <paramref name="count"/> calls of one duration.</summary>
    public void AddCalls(long count, double durationSeconds, string? errorType)
    {
        _accumulator.AddCalls(count, durationSeconds, errorType);

        // One entry however many calls it stands for: the batch's weight in the commit queue is its size, not its calls.
        _batch.Counted();
    }

    /// <summary>Adds <paramref name="count"/> times to first token without counting calls.</summary>
    public void AddTimeToFirstToken(long count, double seconds) => _accumulator.AddTimeToFirstToken(count, seconds);

    /// <summary>Adds tokens without counting calls.</summary>
    public void AddTokens(long input, long output) => _accumulator.AddTokens(input, output);

    /// <summary>Adds one output's figures without counting a call.</summary>
    public void AddOutput(in OutputFigures output) => _accumulator.AddOutput(output);
}
