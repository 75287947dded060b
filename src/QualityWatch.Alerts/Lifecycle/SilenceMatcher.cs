using QualityWatch.Alerts.Evidence;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Lifecycle;

/// <summary>
/// Which alerts a label silence covers: provider by name or by family (<c>openai</c> covers <c>openai-prod</c>), model
/// exactly, kind by fault class (a <c>latency-drift</c> silence covers the <c>routing-anomaly</c> members of the same
/// latency incident). Applying one silences an open alert until the silence ends, with the silence in its history.
/// </summary>
internal sealed class SilenceMatcher(PhysicalTargets targets)
{
    public bool Matches(Silence silence, Alert alert) =>
        (silence.Provider is null || silence.Provider == alert.Provider || silence.Provider == targets.Family(alert.Provider))
        && (silence.Model is null || silence.Model == alert.Model)
        && (silence.Kind is null || PhysicalTargets.FaultClass(silence.Kind) == PhysicalTargets.FaultClass(alert.Kind));

    /// <summary>Silences <paramref name="alert"/> under the longest active silence that matches it; the alert unchanged when none does.</summary>
    public Alert Apply(Alert alert, IReadOnlyList<Silence> active, DateTimeOffset now, ChangeSet changes)
    {
        if (!alert.IsOpen)
        {
            return alert;
        }

        var silence = active.Where(s => s.IsActive(now) && Matches(s, alert)).MaxBy(s => s.EndsAt);
        if (silence is null || (alert.State == AlertState.Silenced && alert.SilencedUntil >= silence.EndsAt))
        {
            return alert;
        }

        var silenced = alert with { State = AlertState.Silenced, SilencedUntil = silence.EndsAt, UpdatedAt = now };
        changes.Put(silenced);
        changes.Transitions.Add(new AlertTransition(alert.Id, now, alert.State, AlertState.Silenced, silence.CreatedBy, Note(silence)));
        return silenced;
    }

    public static string Note(Silence silence)
    {
        var matchers = string.Join(", ", new[] { ("provider", silence.Provider), ("model", silence.Model), ("kind", silence.Kind) }.Where(m => m.Item2 is not null).Select(m => $"{m.Item1}={m.Item2}"));
        var note = string.IsNullOrWhiteSpace(silence.Note) ? string.Empty : $": {silence.Note}";
        return $"silenced until {EvidenceText.Time(silence.EndsAt)} by silence {silence.Id} ({matchers}){note}";
    }
}
