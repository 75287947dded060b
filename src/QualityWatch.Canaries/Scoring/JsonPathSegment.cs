using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QualityWatch.Canaries.Scoring;

/// <summary>One step of the small JSON path dialect suites use: a property name or an array index.</summary>
internal sealed partial record JsonPathSegment(string? Property, int? Index)
{
    public bool TryStep(JsonElement from, out JsonElement to)
    {
        to = default;
        if (Property is not null)
        {
            return from.ValueKind == JsonValueKind.Object && from.TryGetProperty(Property, out to);
        }

        if (from.ValueKind != JsonValueKind.Array || Index >= from.GetArrayLength())
        {
            return false;
        }

        to = from[Index!.Value];
        return true;
    }

    /// <summary>Parses <c>$.a.b[0]</c> or <c>a.b[0]</c>; null when the text is not a path.</summary>
    public static IReadOnlyList<JsonPathSegment>? TryParse(string path)
    {
        var text = path.Trim();
        if (text.StartsWith('$'))
        {
            text = text[1..];
            text = text.StartsWith('.') ? text[1..] : text;
        }

        if (text.Length == 0)
        {
            return [];
        }

        var segments = new List<JsonPathSegment>();
        foreach (var part in text.Split('.'))
        {
            var match = PartPattern().Match(part);
            if (part.Length == 0 || !match.Success)
            {
                return null;
            }

            if (match.Groups["name"].Success && match.Groups["name"].Length > 0)
            {
                segments.Add(new JsonPathSegment(match.Groups["name"].Value, null));
            }

            foreach (Capture index in match.Groups["index"].Captures)
            {
                segments.Add(new JsonPathSegment(null, int.Parse(index.Value, CultureInfo.InvariantCulture)));
            }
        }

        return segments;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_\-]*)?(?:\[(?<index>\d{1,6})\])*$", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();
}
