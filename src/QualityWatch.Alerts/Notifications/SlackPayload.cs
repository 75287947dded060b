using System.Text.Json;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Notifications;

/// <summary>A Slack incoming-webhook body (<c>text</c> plus one attachment with colour, link and evidence fields).</summary>
internal static class SlackPayload
{
    public static string Build(Incident incident, Alert alert, string notificationEvent, string link)
    {
        var evidence = alert.Evidence;
        var color = incident.State == AlertState.Resolved ? "#2eb886" : incident.Severity switch
        {
            AlertSeverity.Critical => "#d00000",
            AlertSeverity.Warning => "#f2a900",
            _ => "#439fe0",
        };
        var title = Escape($"[{incident.Severity.Name().ToUpperInvariant()}] {incident.Kind} on {incident.Provider}/{incident.Model} ({incident.Id})");
        var summary = Escape(incident.Summary);
        var payload = new
        {
            text = $"{title}: {notificationEvent} — {summary}",
            attachments = new[]
            {
                new
                {
                    color,
                    title,
                    title_link = link,
                    text = summary,
                    fields = new[]
                    {
                        new { title = "State", value = incident.State.Name(), @short = true },
                        new { title = "Detector", value = Escape($"{evidence.Detector}: {Evidence.EvidenceText.Statistic(evidence)}"), @short = true },
                        new { title = "Baseline", value = Value(evidence.Baseline), @short = true },
                        new { title = "Current", value = Value(evidence.Current), @short = true },
                        new { title = "Estimated start", value = Evidence.EvidenceText.Time(evidence.EstimatedStart), @short = true },
                        new { title = "Why this severity", value = Escape(evidence.SeverityReason), @short = false },
                    },
                    ts = incident.UpdatedAt.ToUnixTimeSeconds(),
                },
            },
        };
        return JsonSerializer.Serialize(payload);
    }

    // Slack reads <…> as links and mentions; detector text must never turn into one.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Value(Core.Findings.ValueWithInterval value) => Evidence.EvidenceText.Value(value);
}
