using System.Net.Sockets;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Gate.Running;

/// <summary>
/// Calls a case runner and turns transport exceptions that escape it into unavailable results: an unreachable
/// provider is an availability answer, never a quality one and never a crash.
/// </summary>
internal static class SafeCaseRunner
{
    public static async Task<CanaryResult> RunAsync(ICaseRunner runner, string provider, GateCase gateCase, int repeat, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        try
        {
            return await runner.RunAsync(provider, gateCase, repeat, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException or SocketException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Unavailable(provider, gateCase, repeat, started, ex is OperationCanceledException ? "timeout" : ex.GetType().Name);
        }
    }

    public static CanaryResult Unavailable(string provider, GateCase gateCase, int repeat, DateTimeOffset started, string errorType) => new(
        RunId: "gate",
        Round: repeat,
        Timestamp: started,
        Provider: provider,
        Model: string.Empty,
        Suite: gateCase.Suite,
        CaseId: gateCase.CaseId,
        Category: gateCase.Category,
        Outcome: CanaryOutcome.Unavailable,
        Latency: DateTimeOffset.UtcNow - started,
        TimeToFirstToken: null,
        InputTokens: null,
        OutputTokens: null,
        Cost: 0,
        FinishReason: null,
        ErrorType: errorType,
        Expected: string.Empty,
        Actual: null,
        FailureReasons: [],
        SystemFingerprint: null,
        Labels: new Dictionary<string, string>());
}
