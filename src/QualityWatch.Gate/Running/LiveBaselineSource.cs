using QualityWatch.Core.Canaries;

namespace QualityWatch.Gate.Running;

/// <summary>The baseline is another provider, run live on the same cases and repeats.</summary>
internal sealed class LiveBaselineSource(ICaseRunner runner, string provider) : IBaselineSource
{
    public string Label => provider;

    public bool CallsProvider => true;

    public async Task<CanaryResult?> GetAsync(GateCase gateCase, int repeat, CancellationToken cancellationToken) =>
        await SafeCaseRunner.RunAsync(runner, provider, gateCase, repeat, cancellationToken).ConfigureAwait(false);
}
