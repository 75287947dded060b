using System.Globalization;
using System.Text;

namespace QualityWatch.Core.Text;

/// <summary>
/// Classifies characters by Unicode script (UAX #24), for the scripts that matter when watching LLM output:
/// stray Thai or Han characters inside an English answer are the signature of corrupted token sampling.
/// </summary>
/// <remarks>
/// .NET has no script property API, so this is a range table of the Unicode Scripts.txt blocks we need.
/// Characters not in any listed range fall back on their general category: marks are <c>Inherited</c>,
/// punctuation, digits, symbols and separators are <c>Common</c>, other letters are <c>Unknown</c>.
/// </remarks>
public static class UnicodeScript
{
    /// <summary>Script of punctuation, digits, symbols and spaces, shared by every writing system.</summary>
    public const string Common = "Common";

    /// <summary>Combining marks that take the script of the base character.</summary>
    public const string Inherited = "Inherited";

    /// <summary>Letters outside the scripts this table knows.</summary>
    public const string Unknown = "Unknown";

    // (first, last, script) sorted by first; binary-searched.
    private static readonly (int First, int Last, string Script)[] Ranges =
    [
        (0x0041, 0x005A, "Latin"), (0x0061, 0x007A, "Latin"), (0x00AA, 0x00AA, "Latin"), (0x00BA, 0x00BA, "Latin"),
        (0x00C0, 0x00D6, "Latin"), (0x00D8, 0x00F6, "Latin"), (0x00F8, 0x024F, "Latin"), (0x0250, 0x02AF, "Latin"),
        (0x0370, 0x03FF, "Greek"), (0x0400, 0x052F, "Cyrillic"), (0x0530, 0x058F, "Armenian"),
        (0x0590, 0x05FF, "Hebrew"), (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"),
        (0x0900, 0x097F, "Devanagari"), (0x0980, 0x09FF, "Bengali"), (0x0A00, 0x0A7F, "Gurmukhi"),
        (0x0A80, 0x0AFF, "Gujarati"), (0x0B80, 0x0BFF, "Tamil"), (0x0C00, 0x0C7F, "Telugu"),
        (0x0C80, 0x0CFF, "Kannada"), (0x0D00, 0x0D7F, "Malayalam"), (0x0E00, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Lao"),
        (0x0F00, 0x0FFF, "Tibetan"), (0x10A0, 0x10FF, "Georgian"), (0x1100, 0x11FF, "Hangul"),
        (0x1200, 0x137F, "Ethiopic"), (0x1780, 0x17FF, "Khmer"), (0x1E00, 0x1EFF, "Latin"), (0x1F00, 0x1FFF, "Greek"),
        (0x2C60, 0x2C7F, "Latin"), (0x2D00, 0x2D2F, "Georgian"), (0x2E80, 0x2FDF, "Han"), (0x3005, 0x3005, "Han"),
        (0x3007, 0x3007, "Han"), (0x3021, 0x3029, "Han"), (0x3038, 0x303B, "Han"),
        (0x3041, 0x3096, "Hiragana"), (0x309D, 0x309F, "Hiragana"), (0x30A1, 0x30FA, "Katakana"),
        (0x30FD, 0x30FF, "Katakana"), (0x3105, 0x312F, "Bopomofo"), (0x3131, 0x318E, "Hangul"),
        (0x31F0, 0x31FF, "Katakana"), (0x3400, 0x4DBF, "Han"), (0x4E00, 0x9FFF, "Han"), (0xA720, 0xA7FF, "Latin"),
        (0xAC00, 0xD7AF, "Hangul"), (0xF900, 0xFAFF, "Han"), (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"),
        (0xFF21, 0xFF3A, "Latin"), (0xFF41, 0xFF5A, "Latin"), (0xFF66, 0xFF9D, "Katakana"),
        (0x20000, 0x2FA1F, "Han"),
    ];

    private static readonly string[] AsciiScripts = [.. Enumerable.Range(0, 128).Select(c => Of(new Rune(c)))];

    /// <summary>The script of one code point.</summary>
    public static string Of(Rune rune)
    {
        int value = rune.Value;
        int lo = 0, hi = Ranges.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var (first, last, script) = Ranges[mid];
            if (value < first)
            {
                hi = mid - 1;
            }
            else if (value > last)
            {
                lo = mid + 1;
            }
            else
            {
                return script;
            }
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => Inherited,
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Unknown,
            _ => Common,
        };
    }

    /// <summary>Counts the characters of <paramref name="text"/> per script. Invalid UTF-16 counts as Unknown.</summary>
    public static IReadOnlyDictionary<string, int> Histogram(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);

        // Characters come in runs of one script (a word, then a space): count a run, then add it, and look ASCII up
        // in a table. Scripts still enter the dictionary in the order they first occur.
        string? current = null;
        var run = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var script = rune.Value < 128 ? AsciiScripts[rune.Value] : Of(rune);
            if (!ReferenceEquals(script, current))
            {
                if (current is not null)
                {
                    counts[current] = counts.GetValueOrDefault(current) + run;
                }

                (current, run) = (script, 0);
            }

            run++;
        }

        if (current is not null)
        {
            counts[current] = counts.GetValueOrDefault(current) + run;
        }

        return counts;
    }

    /// <summary>
    /// Share of the script-bearing characters (everything but Common and Inherited) that fall outside
    /// <paramref name="expectedScripts"/>; 0 for text with no letters.
    /// </summary>
    public static double UnexpectedShare(IReadOnlyDictionary<string, int> histogram, IReadOnlyCollection<string> expectedScripts)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentNullException.ThrowIfNull(expectedScripts);
        long letters = 0, unexpected = 0;
        foreach (var (script, count) in histogram)
        {
            if (script is Common or Inherited)
            {
                continue;
            }

            letters += count;
            if (!expectedScripts.Contains(script, StringComparer.OrdinalIgnoreCase))
            {
                unexpected += count;
            }
        }

        return letters == 0 ? 0 : (double)unexpected / letters;
    }
}
