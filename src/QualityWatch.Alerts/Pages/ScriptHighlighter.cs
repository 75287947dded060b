using System.Globalization;
using System.Text;
using QualityWatch.Core.Text;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// Marks the characters of an output that are in an unexpected script: letters whose script is neither Common,
/// Inherited nor one of the expected scripts (those of the expected answer when known, else the output's most
/// frequent script). Returns HTML (everything encoded) and the distinct code points it marked.
/// </summary>
internal static class ScriptHighlighter
{
    public static (string Html, IReadOnlyList<string> CodePoints) Highlight(string text, string? expected)
    {
        ArgumentNullException.ThrowIfNull(text);
        var expectedScripts = Letters(expected is { Length: > 0 } ? expected : text);
        if (expected is not { Length: > 0 })
        {
            // Without an expected answer the output's main script is taken as expected.
            expectedScripts = expectedScripts.Count == 0 ? [] : [expectedScripts.GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key];
        }

        var html = new StringBuilder();
        var codePoints = new List<string>();
        foreach (var rune in text.EnumerateRunes())
        {
            var script = UnicodeScript.Of(rune);
            var character = Html.E(rune.ToString());
            if (script is UnicodeScript.Common or UnicodeScript.Inherited || expectedScripts.Contains(script))
            {
                html.Append(character);
                continue;
            }

            var codePoint = string.Create(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}");
            html.Append("<mark class=\"unexpected\" title=\"").Append(codePoint).Append(' ').Append(Html.E(script)).Append("\">").Append(character).Append("</mark>");
            var label = $"{codePoint} {rune} ({script})";
            if (!codePoints.Contains(label))
            {
                codePoints.Add(label);
            }
        }

        return (html.ToString(), codePoints);
    }

    private static List<string> Letters(string text) =>
        text.EnumerateRunes().Select(UnicodeScript.Of).Where(s => s is not (UnicodeScript.Common or UnicodeScript.Inherited)).ToList();
}
