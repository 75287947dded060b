using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;
using QualityWatch.Gate.Running;

namespace QualityWatch.Gate.Canaries;

/// <summary>
/// Drives the real canary runner one case at a time: one <see cref="CanaryRunner"/> per provider (so each keeps
/// its own concurrency limit, budget ledger and resilience pipeline), each call a one-case suite with one repeat.
/// Scoring, error classification and tracing are the canary runner's, unchanged.
/// </summary>
internal sealed class CanaryCaseRunner : ICaseRunner, IDisposable
{
    private readonly Dictionary<string, CanaryRunner> runners = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Suite, string CaseId), CanaryCase> cases = [];
    private readonly IReadOnlyList<CanaryTarget> targets;

    public CanaryCaseRunner(IReadOnlyList<CanarySuite> suites, IReadOnlyList<CanaryTarget> targets, bool streaming = false, ICallTimer? callTimer = null)
    {
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentNullException.ThrowIfNull(targets);
        this.targets = targets;
        var runId = $"gate-{Guid.NewGuid():N}"[..17];
        foreach (var target in targets)
        {
            runners[target.Options.Name] = new CanaryRunner(new CanaryRunnerOptions
            {
                RunId = runId,
                Targets = [target],
                Streaming = streaming,
                CallTimer = callTimer ?? new CanaryRunnerOptions().CallTimer,
            });
        }

        foreach (var canaryCase in suites.SelectMany(s => s.Cases))
        {
            cases[(canaryCase.Suite, canaryCase.Id)] = canaryCase;
        }

        Suites = suites
            .Select(s => new GateSuite(s.Name, s.Cases.Select(c => new GateCase(s.Name, c.Id, c.Category)).ToList()))
            .ToList();
    }

    /// <summary>The loaded suites as the gate sees them.</summary>
    public IReadOnlyList<GateSuite> Suites { get; }

    public async Task<CanaryResult> RunAsync(string provider, GateCase gateCase, int repeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateCase);
        if (!runners.TryGetValue(provider, out var runner))
        {
            throw new ArgumentException($"provider '{provider}' is not configured", nameof(provider));
        }

        var canaryCase = cases[(gateCase.Suite, gateCase.CaseId)] with { Repeat = 1 };
        var started = DateTimeOffset.UtcNow;
        var results = await runner.RunSuitesAsync(
            repeat,
            [new CanarySuite(canaryCase.Suite, string.Empty, canaryCase.Category, canaryCase.File, [canaryCase])],
            cancellationToken).ConfigureAwait(false);

        // The runner skips a call that could exceed the provider's daily budget: for the gate that provider is
        // unavailable, never a quality failure.
        return results.Count > 0 ? results[0] : SafeCaseRunner.Unavailable(provider, gateCase, repeat, started, "daily_budget_exhausted");
    }

    public void Dispose()
    {
        foreach (var target in targets)
        {
            target.Client.Dispose();
        }
    }
}
