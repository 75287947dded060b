using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using QualityWatch.Core.Statistics;

namespace QualityWatch.Simulator.Engine;

/// <summary>Writes the text of simulated answers: wrong-but-plausible variants, filler answers, and the faults' damage.</summary>
internal static partial class AnswerWriter
{
    private static readonly string[] Vocabulary =
    [
        "the", "system", "result", "value", "process", "approach", "data", "model", "request", "example", "usually",
        "because", "however", "therefore", "important", "consider", "depends", "on", "context", "simple", "answer",
        "first", "second", "finally", "step", "check", "input", "output", "each", "case", "which", "means", "that",
        "it", "is", "a", "can", "be", "used", "to", "for", "with", "and", "of", "in", "this", "when", "more", "less",
        "typically", "configuration", "service", "performance", "quality", "users", "time", "information", "details",
    ];

    // Thai consonants and common CJK ideographs: the stray characters of the Aug-Sep 2025 TPU misconfiguration.
    private static readonly string[] StrayCharacters =
    [
        "ก", "ข", "ค", "ง", "จ", "ส", "ว", "ด", "ี", "น", "ม", "ร", "的", "是", "不", "了", "人", "在", "有", "我", "这", "中",
    ];

    private static readonly Dictionary<string, string> Opposites = new(StringComparer.OrdinalIgnoreCase)
    {
        ["yes"] = "No", ["no"] = "Yes", ["true"] = "false", ["false"] = "true", ["correct"] = "incorrect", ["incorrect"] = "correct",
    };

    /// <summary>A plausible variant of <paramref name="correct"/> that fails any reasonable check of it:
    /// every number is perturbed; otherwise every longer word is altered and code/JSON loses a closing bracket.</summary>
    public static string Wrong(string correct, SplitMix64 random)
    {
        var trimmed = correct.Trim().TrimEnd('.', '!');
        if (Opposites.TryGetValue(trimmed, out var opposite))
        {
            return opposite;
        }

        string wrong;
        if (NumberPattern().IsMatch(correct))
        {
            wrong = NumberPattern().Replace(correct, m => PerturbNumber(m.Value, random));
        }
        else
        {
            wrong = WordPattern().Replace(correct, m => AlterWord(m.Value));
            if (LooksLikeCode(correct))
            {
                wrong = BreakSyntax(wrong);
            }
        }

        return string.Equals(wrong, correct, StringComparison.Ordinal) || wrong.Trim().Length == 0
            ? "I am not sure; it could be " + new string(correct.Reverse().ToArray()) + " or something else."
            : wrong;
    }

    /// <summary>A deterministic filler answer for a prompt the golden book does not know.</summary>
    public static string Plausible(string prompt, SplitMix64 random, double lengthFactor)
    {
        var tokens = (int)Math.Clamp(45 * Math.Exp(0.45 * random.NextGaussian()) * lengthFactor, 8, 1500);
        var topic = string.Join(' ', WordPattern().Matches(prompt).Select(m => m.Value.ToLowerInvariant()).Take(5));
        var builder = new StringBuilder();
        builder.Append(topic.Length > 0 ? $"Regarding {topic}: " : "Here is an answer: ");
        var sentenceLength = 0;
        var words = 0;
        while (builder.Length / 4 < tokens)
        {
            var word = Vocabulary[random.Next(Vocabulary.Length)];
            builder.Append(sentenceLength == 0 && words > 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            words++;
            sentenceLength++;
            if (sentenceLength > 6 && random.NextDouble() < 0.2)
            {
                builder.Append(". ");
                sentenceLength = 0;
            }
            else
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().TrimEnd() + ".";
    }

    /// <summary>
    /// Lays a free-form answer out in a model's habits: signature words for some of its words, bullet lines, a bold first
    /// sentence, a heading, a code block, a preamble, a trailing newline — or a refusal instead. Draws from its own
    /// <paramref name="random"/>, so the answer's other draws (correctness, faults) are the same whatever the style.
    /// </summary>
    public static string Styled(string text, string prompt, SimulatedAnswerStyle style, SplitMix64 random)
    {
        if (random.NextDouble() < style.RefusalShare)
        {
            return "I'm sorry, but I can't help with that request." + (style.TrailingNewline ? "\n" : string.Empty);
        }

        if (style.Vocabulary.Count > 0)
        {
            text = WordPattern().Replace(text, m => random.NextDouble() < 0.125 ? Cased(style.Vocabulary[random.Next(style.Vocabulary.Count)], m.Value) : m.Value);
        }

        var sentences = text.Split(". ", StringSplitOptions.RemoveEmptyEntries);
        if (sentences.Length > 1 && random.NextDouble() < style.BoldShare)
        {
            sentences[0] = $"**{sentences[0]}**";
        }

        var body = sentences.Length > 1 && random.NextDouble() < style.BulletShare
            ? sentences[0] + ".\n- " + string.Join(".\n- ", sentences[1..])
            : string.Join(". ", sentences);
        var builder = new StringBuilder(style.Preamble);
        if (random.NextDouble() < style.HeadingShare)
        {
            var topic = string.Join(' ', WordPattern().Matches(prompt).Select(m => m.Value).Take(4));
            builder.Append("### ").Append(topic.Length > 0 ? topic : "Answer").Append("\n\n");
        }

        builder.Append(body);
        if (random.NextDouble() < style.CodeFenceShare)
        {
            builder.Append("\n\n```\nresult = run(step)\n```");
        }

        if (style.TrailingNewline)
        {
            builder.Append('\n');
        }

        return builder.ToString();
    }

    private static string Cased(string word, string like) =>
        like.Length > 0 && char.IsUpper(like[0]) ? char.ToUpperInvariant(word[0]) + word[1..] : word;

    /// <summary>Whether the text reads as English prose (mostly Latin letters), the kind the corruption hit.</summary>
    public static bool IsEnglish(string text)
    {
        var letters = 0;
        var latin = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (c < 0x250)
                {
                    latin++;
                }
            }
        }

        return letters > 0 && latin >= letters * 0.9;
    }

    public static bool LooksLikeCode(string text) =>
        text.Contains("def ", StringComparison.Ordinal) || text.Contains("return", StringComparison.Ordinal) ||
        text.Contains("function", StringComparison.Ordinal) || text.Contains("=>", StringComparison.Ordinal) ||
        text.Contains(';', StringComparison.Ordinal) || text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[');

    /// <summary>Sprinkles 1–3 stray Thai/Chinese characters into an English answer.</summary>
    public static string AddStrayCharacters(string text, SplitMix64 random)
    {
        var builder = new StringBuilder(text);
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var position = builder.Length == 0 ? 0 : random.Next(builder.Length + 1);
            // Keep surrogate pairs intact (all stray characters are BMP, but the answer may not be).
            if (position > 0 && position < builder.Length && char.IsLowSurrogate(builder[position]))
            {
                position++;
            }

            builder.Insert(position, StrayCharacters[random.Next(StrayCharacters.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>Introduces a syntax error: drops the last closing bracket, else a colon, else adds an unmatched one.</summary>
    public static string BreakSyntax(string code)
    {
        var index = code.LastIndexOfAny([')', '}', ']']);
        if (index < 0)
        {
            index = code.LastIndexOf(':');
        }

        return index >= 0 ? code.Remove(index, 1) : code + " ((";
    }

    /// <summary>Cuts the answer to about <paramref name="fraction"/> of its length, at a word boundary.</summary>
    public static string Truncate(string text, double fraction)
    {
        var target = Math.Clamp((int)(text.Length * fraction), 1, Math.Max(1, text.Length - 1));
        var space = text.LastIndexOf(' ', Math.Min(target, text.Length - 1));
        var cut = space > target / 2 ? space : target;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..Math.Max(1, cut)];
    }

    private static string PerturbNumber(string number, SplitMix64 random)
    {
        var dot = number.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            // Perturb the last decimal digit so the value differs in its own precision.
            var last = number[^1] - '0';
            var changed = (last + random.Next(1, 10)) % 10;
            return number[..^1] + changed.ToString(CultureInfo.InvariantCulture);
        }

        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return number + "1";
        }

        var delta = random.Next(1, 10) * (random.NextDouble() < 0.5 ? -1 : 1);
        var perturbed = value + delta;
        if (perturbed < 0)
        {
            perturbed = value + Math.Abs(delta);
        }

        return perturbed.ToString(CultureInfo.InvariantCulture);
    }

    private static string AlterWord(string word)
    {
        if (word.Length < 3)
        {
            return word;
        }

        var chars = word.ToCharArray();
        var changed = false;
        for (var i = 1; i < chars.Length; i++)
        {
            var next = chars[i] switch
            {
                'a' => 'e', 'e' => 'i', 'i' => 'o', 'o' => 'u', 'u' => 'a',
                'A' => 'E', 'E' => 'I', 'I' => 'O', 'O' => 'U', 'U' => 'A',
                _ => chars[i],
            };
            changed |= next != chars[i];
            chars[i] = next;
        }

        if (!changed)
        {
            (chars[^1], chars[^2]) = (chars[^2], chars[^1]);
            if (chars[^1] == chars[^2])
            {
                return word + "s";
            }
        }

        return new string(chars);
    }

    [GeneratedRegex(@"\d+(\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
