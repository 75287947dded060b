namespace QualityWatch.Core.Canaries;

/// <summary>Durable storage of canary results, shared with collected telemetry.</summary>
public interface ICanaryResultStore
{
    /// <summary>Stores results; returns once they are durable.</summary>
    Task AppendAsync(IReadOnlyList<CanaryResult> results, CancellationToken cancellationToken);

    /// <summary>Results in [<paramref name="from"/>, <paramref name="to"/>), optionally for one provider, oldest first.</summary>
    Task<IReadOnlyList<CanaryResult>> QueryAsync(DateTimeOffset from, DateTimeOffset to, string? provider, CancellationToken cancellationToken);
}
