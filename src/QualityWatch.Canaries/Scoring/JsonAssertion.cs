using System.Globalization;
using System.Text.Json;

namespace QualityWatch.Canaries.Scoring;

/// <summary>
/// <c>json</c>: the trimmed answer is valid JSON; with <c>path</c>, the value at that path (<c>$.a.b[0]</c> or
/// <c>a.b[0]</c>) equals <c>value</c> (numbers compare numerically, booleans and strings exactly).
/// </summary>
internal sealed class JsonAssertion(IReadOnlyList<JsonPathSegment>? path, string? pathText, string? expectedValue) : CanaryAssertion
{
    public override string Name => "json";

    public override string? Check(string answer)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer.Trim());
        }
        catch (JsonException ex)
        {
            return $"expected valid JSON, got {Quote(answer.Trim())} ({ex.Message.Split('.')[0]})";
        }

        using (document)
        {
            if (path is null)
            {
                return null;
            }

            var element = document.RootElement;
            foreach (var segment in path)
            {
                if (!segment.TryStep(element, out element))
                {
                    return $"expected JSON with a value at {pathText}, none found";
                }
            }

            return expectedValue is null || Matches(element, expectedValue)
                ? null
                : $"expected {pathText} = {Quote(expectedValue)}, got {Quote(element.GetRawText())}";
        }
    }

    public override string Describe() => path is null ? "valid JSON" : $"JSON with {pathText} = {Quote(expectedValue ?? "(any)")}";

    private static bool Matches(JsonElement element, string expected) => element.ValueKind switch
    {
        JsonValueKind.String => string.Equals(element.GetString(), expected, StringComparison.Ordinal),
        JsonValueKind.Number => double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && Math.Abs(element.GetDouble() - number) <= Math.Abs(number) * 1e-12,
        JsonValueKind.True => string.Equals(expected, "true", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.False => string.Equals(expected, "false", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Null => expected is "null" or "~",
        _ => string.Equals(element.GetRawText(), expected, StringComparison.Ordinal),
    };
}
