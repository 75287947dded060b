using QualityWatch.Core.Text;

namespace QualityWatch.Canaries.Scoring;

/// <summary>
/// <c>script</c>: every character of the answer belongs to one of the listed Unicode scripts (combining marks take
/// their base's script and always pass). This is what catches stray Thai or Han characters in an English answer.
/// </summary>
internal sealed class ScriptAssertion(IReadOnlyList<string> allowed) : CanaryAssertion
{
    /// <summary>Script names the <see cref="UnicodeScript"/> table can return.</summary>
    public static readonly IReadOnlySet<string> KnownScripts = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Latin", "Greek", "Cyrillic", "Armenian", "Hebrew", "Arabic", "Devanagari", "Bengali", "Gurmukhi", "Gujarati",
        "Tamil", "Telugu", "Kannada", "Malayalam", "Thai", "Lao", "Tibetan", "Georgian", "Hangul", "Ethiopic", "Khmer",
        "Han", "Hiragana", "Katakana", "Bopomofo", UnicodeScript.Common, UnicodeScript.Inherited, UnicodeScript.Unknown,
    };

    public override string Name => "script";

    public override string? Check(string answer)
    {
        var offending = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var rune in answer.Trim().EnumerateRunes())
        {
            var script = UnicodeScript.Of(rune);
            if (script != UnicodeScript.Inherited && !allowed.Contains(script, StringComparer.OrdinalIgnoreCase))
            {
                offending.TryAdd(script, $"U+{rune.Value:X4} '{rune}'");
            }
        }

        return offending.Count == 0
            ? null
            : $"expected only [{string.Join(", ", allowed)}] script, found {string.Join(", ", offending.Select(o => $"{o.Key} ({o.Value})"))}";
    }

    public override string Describe() => $"script in [{string.Join(", ", allowed)}]";

    internal static string? Unknown(IEnumerable<string> names) => names.FirstOrDefault(n => !KnownScripts.Contains(n));
}
