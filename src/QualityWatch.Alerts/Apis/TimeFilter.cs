using System.Globalization;

namespace QualityWatch.Alerts.Apis;

/// <summary>Parses <c>since</c>/<c>until</c>: an ISO-8601 time, or a duration relative to now (<c>30m</c>, <c>24h</c>, <c>7d</c>).</summary>
internal static class TimeFilter
{
    public static bool TryParse(string? text, DateTimeOffset now, bool future, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && "smhd".Contains(text[^1], StringComparison.Ordinal)
            && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 3650 * 24)
        {
            var span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            value = future ? now + span : now - span;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
