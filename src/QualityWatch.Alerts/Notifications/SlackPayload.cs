using System.Globalization;
using System.Text.Json;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Notifications;

/// <summary>A Slack incoming-webhook body (<c>text</c> plus one attachment with colour, link and evidence fields).</summary>
internal static class SlackPayload
{
    public static string Build(Alert alert, string notificationEvent, string link)
    {
        var evidence = alert.Evidence;
        var color = alert.State == AlertState.Resolved ? "#2eb886" : alert.Severity switch
        {
            AlertSeverity.Critical => "#d00000",
            AlertSeverity.Warning => "#f2a900",
            _ => "#439fe0",
        };
        var title = Escape($"[{alert.Severity.Name().ToUpperInvariant()}] {alert.Kind} on {alert.Provider}/{alert.Model}{(alert.Suite is null ? string.Empty : $" ({alert.Suite})")}");
        var summary = Escape(alert.Summary);
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
                        new { title = "State", value = alert.State.Name(), @short = true },
                        new { title = "Detector", value = Escape($"{evidence.Detector} ({evidence.Statistic})"), @short = true },
                        new { title = "Baseline", value = Value(evidence.Baseline), @short = true },
                        new { title = "Current", value = Value(evidence.Current), @short = true },
                        new { title = "Estimated start", value = evidence.EstimatedStart.ToString("u", CultureInfo.InvariantCulture), @short = true },
                        new { title = "Why this severity", value = Escape(evidence.SeverityReason), @short = false },
                    },
                    ts = alert.UpdatedAt.ToUnixTimeSeconds(),
                },
            },
        };
        return JsonSerializer.Serialize(payload);
    }

    // Slack reads <…> as links and mentions; detector text must never turn into one.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Value(Core.Findings.ValueWithInterval value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value.Value:G4} [{value.Low:G4}, {value.High:G4}] {value.Unit} (n={value.SampleSize})");
}
