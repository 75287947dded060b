
using QualityWatch.Core.Alerts;
namespace QualityWatch.Alerts.Lifecycle;

/// <summary>The result of an ack/resolve/silence request: the alert after the change, or why it was refused.</summary>
internal sealed record TransitionResult(TransitionOutcome Outcome, Alert? Alert, string Message)
{
    public static TransitionResult NotFound(string id) => new(TransitionOutcome.NotFound, null, $"alert '{id}' does not exist");

    public static TransitionResult Conflict(Alert alert, string message) => new(TransitionOutcome.Conflict, alert, message);

    public static TransitionResult Invalid(string message) => new(TransitionOutcome.Invalid, null, message);

    public static TransitionResult Applied(Alert alert) => new(TransitionOutcome.Applied, alert, "ok");
}
