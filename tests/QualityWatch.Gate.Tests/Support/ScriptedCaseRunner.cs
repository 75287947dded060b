using System.Collections.Concurrent;
using QualityWatch.Core.Canaries;
using QualityWatch.Gate.Running;

namespace QualityWatch.Gate.Tests.Support;

/// <summary>
/// An in-memory provider per name: a rule decides pass, fail or unavailable from (case, repeat) and a stable
/// per-call random draw, so every run is reproducible. Counts the calls it receives.
/// </summary>
internal sealed class ScriptedCaseRunner : ICaseRunner
{
    private readonly Dictionary<string, Func<GateCase, int, double, CanaryOutcome>> providers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    public ScriptedCaseRunner With(string provider, Func<GateCase, int, double, CanaryOutcome> rule)
    {
        providers[provider] = rule;
        return this;
    }

    public int CallsTo(string provider) => calls.GetValueOrDefault(provider);

    public Task<CanaryResult> RunAsync(string provider, GateCase gateCase, int repeat, CancellationToken cancellationToken)
    {
        calls.AddOrUpdate(provider, 1, (_, n) => n + 1);
        var draw = StableDraw($"{provider}|{gateCase.Suite}|{gateCase.CaseId}|{repeat}");
        var outcome = providers[provider](gateCase, repeat, draw);
        var answer = outcome == CanaryOutcome.Passed ? $"The answer to {gateCase.CaseId} is 42." : $"The answer to {gateCase.CaseId} is 41.";
        return Task.FromResult(new CanaryResult(
            RunId: "test",
            Round: repeat,
            Timestamp: DateTimeOffset.UnixEpoch,
            Provider: provider,
            Model: "model-1",
            Suite: gateCase.Suite,
            CaseId: gateCase.CaseId,
            Category: gateCase.Category,
            Outcome: outcome,
            Latency: TimeSpan.FromMilliseconds(10),
            TimeToFirstToken: null,
            InputTokens: 10,
            OutputTokens: 5,
            Cost: 0,
            FinishReason: "stop",
            ErrorType: outcome == CanaryOutcome.Unavailable ? "http_503" : null,
            Expected: "contains \"42\"",
            Actual: outcome == CanaryOutcome.Unavailable ? null : answer,
            FailureReasons: outcome == CanaryOutcome.Failed ? ["expected to contain \"42\""] : [],
            SystemFingerprint: null,
            Labels: new Dictionary<string, string>()));
    }

    public static IReadOnlyList<GateSuite> Suites(params (string Name, int Cases)[] suites) =>
        suites.Select(s => new GateSuite(s.Name, Enumerable.Range(1, s.Cases).Select(i => new GateCase(s.Name, $"case-{i:000}", "arithmetic")).ToList())).ToList();

    public static CanaryOutcome Pass(GateCase _, int __, double ___) => CanaryOutcome.Passed;

    public static Func<GateCase, int, double, CanaryOutcome> FailWithProbability(double probability) =>
        (_, _, draw) => draw < probability ? CanaryOutcome.Failed : CanaryOutcome.Passed;

    // FNV-1a: string.GetHashCode is randomised per process, and tests must be reproducible.
    private static double StableDraw(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in key)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}
