
using QualityWatch.Core.Alerts;
namespace QualityWatch.Alerts.Lifecycle;

/// <summary>The result of a person's action on a whole incident: the incident after it, or why it was refused.</summary>
internal sealed record IncidentTransitionResult(TransitionOutcome Outcome, Incident? Incident, string Message);
