using QualityWatch.Core.Canaries;

namespace QualityWatch.Gate.Running;

/// <summary>
/// Runs one golden case once against one configured provider. The canary runner implements it for real
/// providers; the gate only needs the <see cref="CanaryResult"/>.
/// </summary>
internal interface ICaseRunner
{
    /// <summary>Runs <paramref name="gateCase"/> against <paramref name="provider"/>; transport failures come back as <see cref="CanaryOutcome.Unavailable"/>.</summary>
    Task<CanaryResult> RunAsync(string provider, GateCase gateCase, int repeat, CancellationToken cancellationToken);
}
