using System.Text.Json;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// Normalises a finish reason to the lower-case value of the GenAI semantic conventions (<c>stop</c>, <c>length</c>,
/// <c>content_filter</c>, <c>tool_calls</c>, <c>error</c>), whatever dialect carried it: an array attribute (current
/// conventions), an array encoded as one JSON string (Microsoft.Extensions.AI sends <c>["stop"]</c>), .NET enum names
/// (Semantic Kernel sends <c>["Stop"]</c>, <c>["ContentFilter"]</c>) or upper-case provider values.
/// </summary>
/// <remarks>
/// The value becomes a metric label and the truncation signal (<c>length</c>), so spellings of one reason must meet.
/// A reason no producer knew (Semantic Kernel's streaming <c>["N/A"]</c>, an empty array) is no reason at all.
/// Values of other providers (<c>end_turn</c>, <c>max_tokens</c>) are only lower-cased: which of them mean truncation
/// is the detectors' business, not the mapping's.
/// </remarks>
internal static class FinishReasons
{
    /// <summary>The normalised reason of a raw attribute value (the first, when it holds several), or null.</summary>
    public static string? Normalise(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        // The common case, an already normalised value, costs no allocation.
        if (IsCanonical(raw))
        {
            return raw;
        }

        var value = raw.Trim();
        if (value.StartsWith('['))
        {
            value = FirstOfJsonArray(value);
            if (value is null)
            {
                return null;
            }
        }

        value = value.Trim().ToLowerInvariant();
        return value switch
        {
            "" or "n/a" or "null" or "none" => null,
            "contentfilter" or "content-filter" => "content_filter",
            "toolcalls" or "tool-calls" or "functioncall" or "function_call" => "tool_calls",
            _ => value,
        };
    }

    private static bool IsCanonical(string value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or '_'))
            {
                return false;
            }
        }

        return value is not ("none" or "null" or "functioncall" or "function_call" or "toolcalls" or "contentfilter");
    }

    private static string? FirstOfJsonArray(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            }

            return null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not JSON after all ("[truncated"): the text itself, lower-cased like any other value.
            return json;
        }
    }
}
