using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Storage.Tests.Telemetry;

/// <summary>Builds telemetry events for storage tests.</summary>
internal static class TelemetryEvents
{
    public static TelemetryEvent Call(DateTimeOffset start, string provider = "openai", string model = "gpt-4o", double seconds = 0.5, string? error = null, int passed = 0, int total = 0)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var call = new LlmCall(start, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds / 4), provider, model, model + "-2025", "chat", 10, 20, "stop", error, labels, null);
        return new TelemetryEvent(SeriesKey.Of(provider, model), call, 0.001m, passed, total);
    }
}
