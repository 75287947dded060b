using QualityWatch.Core.Canaries;

namespace QualityWatch.Gate.Running;

/// <summary>Where the baseline side of each pair comes from: a live provider or a stored gate report.</summary>
internal interface IBaselineSource
{
    /// <summary>How reports name the baseline (provider name or report file).</summary>
    string Label { get; }

    /// <summary>True when each baseline result costs a provider call (counts against the budget).</summary>
    bool CallsProvider { get; }

    /// <summary>The baseline result for the case and repeat; null when a stored report has no such case.</summary>
    Task<CanaryResult?> GetAsync(GateCase gateCase, int repeat, CancellationToken cancellationToken);
}
