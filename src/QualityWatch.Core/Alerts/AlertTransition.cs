namespace QualityWatch.Core.Alerts;

/// <summary>One entry of an alert's history: a state change (or its creation, with <paramref name="From"/> null).</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="At">When.</param>
/// <param name="From">Previous state; null when the alert was created.</param>
/// <param name="To">New state.</param>
/// <param name="Actor"><c>detector</c>, <c>auto</c>, <c>api</c> or a name given through the API.</param>
/// <param name="Note">Why (for example "healthy for 00:10:00", "silenced until …").</param>
public sealed record AlertTransition(string AlertId, DateTimeOffset At, AlertState? From, AlertState To, string Actor, string Note);
