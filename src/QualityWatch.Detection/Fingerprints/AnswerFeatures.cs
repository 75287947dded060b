using System.Globalization;
using Microsoft.ML.Data;
using Microsoft.ML.Tokenizers;

namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// Turns one canary answer into the feature vector the model-identity fingerprint is trained and scored on: how long it
/// is (characters, o200k_base tokens and their ratio), its formatting habits (markdown headings, bullet and numbered
/// lines, code fences, bold, line count, trailing punctuation and whitespace, a preamble), refusal and hedging
/// markers, a hashed bag of its tokens, and a hashed one-hot of <em>this answer to this case</em> — at temperature 0
/// a case's answer is stable per model, so the same case's answers are compared with each other, not across cases.
/// </summary>
/// <remarks>
/// Models differ in these habits even when they are equally right: verbosity, markdown, "Sure!" preambles, whether
/// the answer ends with a newline. The tokenizer is the one of current OpenAI models (o200k_base) for every provider:
/// it only has to be the same for every class, and its token/character ratio still separates prose, code and scripts.
/// Hashing (FNV-1a, stable across processes) keeps the vector a fixed size whatever the vocabulary, so a model trained
/// before a restart scores the same vectors after it. The vector is sparse (a few dozen of its 5,138 slots are set):
/// wide hash spaces keep two answers from sharing a case × answer slot, and SDCA's cost follows the set slots.
/// </remarks>
internal static class AnswerFeatures
{
    /// <summary>Dense habit features, each scaled to about [0, 1] or a log.</summary>
    public const int DenseCount = 18;

    /// <summary>Buckets of the hashed bag of tokens (share of the answer's tokens per bucket).</summary>
    public const int TokenBuckets = 1_024;

    /// <summary>Buckets of the hashed case × answer one-hot.</summary>
    public const int CaseAnswerBuckets = 4_096;

    /// <summary>Length of every feature vector.</summary>
    public const int Length = DenseCount + TokenBuckets + CaseAnswerBuckets;

    // Answers longer than this are cut before tokenising: the habits show in the first few pages, and a runaway answer
    // must not make one detection pass slow.
    private const int MaxCharacters = 8_000;

    private static readonly string[] RefusalMarkers =
    [
        "i'm sorry", "i am sorry", "i can't help", "i cannot help", "i can't assist", "i cannot assist", "i'm unable",
        "i am unable", "as an ai", "i won't be able", "i can't provide", "i cannot provide",
    ];

    private static readonly string[] HedgeMarkers = ["not sure", "i think", "it could be", "might be", "possibly", "i believe"];

    private static readonly string[] Preambles = ["sure", "certainly", "of course", "great question", "here is", "here's", "absolutely"];

    // Loading the o200k_base ranks takes a few hundred milliseconds and megabytes; one tokenizer serves every engine.
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The feature vector of <paramref name="answer"/> to case <paramref name="caseKey"/> (suite/case id).</summary>
    public static VBuffer<float> Extract(string caseKey, string? answer)
    {
        ArgumentNullException.ThrowIfNull(caseKey);
        var text = answer ?? string.Empty;
        if (text.Length > MaxCharacters)
        {
            text = text[..MaxCharacters];
        }

        var features = new float[DenseCount];
        var ids = text.Length == 0 ? [] : Tokenizer.Value.EncodeToIds(text, considerPreTokenization: true, considerNormalization: true);
        int tokens = ids.Count;
        var trimmed = text.Trim();
        var lines = trimmed.Length == 0 ? [] : trimmed.ReplaceLineEndings("\n").Split('\n');
        int lineCount = Math.Max(1, lines.Length);
        int headings = 0, bullets = 0, numbered = 0, fences = 0;
        foreach (var line in lines)
        {
            var l = line.TrimStart();
            if (l.StartsWith('#'))
            {
                headings++;
            }
            else if (l.StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("* ", StringComparison.Ordinal) || l.StartsWith("• ", StringComparison.Ordinal))
            {
                bullets++;
            }
            else if (IsNumbered(l))
            {
                numbered++;
            }

            if (l.StartsWith("```", StringComparison.Ordinal))
            {
                fences++;
            }
        }

        int bold = CountOccurrences(trimmed, "**") / 2;
        var lower = trimmed.ToLowerInvariant();
        var (letters, upper, nonAscii, words, wordCharacters) = Counts(trimmed);

        features[0] = Log(text.Length);
        features[1] = Log(tokens);
        features[2] = text.Length == 0 ? 0 : (float)tokens / text.Length;
        features[3] = Log(lines.Length);
        features[4] = (float)headings / lineCount;
        features[5] = (float)bullets / lineCount;
        features[6] = (float)numbered / lineCount;
        features[7] = Math.Min(fences, 4) / 4f;
        features[8] = Log(bold);
        features[9] = trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' ? 1 : 0;
        features[10] = text.Length > 0 && char.IsWhiteSpace(text[^1]) ? 1 : 0;
        features[11] = text.Length > 0 && char.IsWhiteSpace(text[0]) ? 1 : 0;
        features[12] = RefusalMarkers.Any(m => lower.Contains(m, StringComparison.Ordinal)) ? 1 : 0;
        features[13] = Preambles.Any(p => lower.StartsWith(p, StringComparison.Ordinal)) ? 1 : 0;
        features[14] = words == 0 ? 0 : Math.Min(1f, (float)wordCharacters / words / 10);
        features[15] = letters == 0 ? 0 : (float)upper / letters;
        features[16] = trimmed.Length == 0 ? 0 : (float)nonAscii / trimmed.Length;
        features[17] = HedgeMarkers.Any(m => lower.Contains(m, StringComparison.Ordinal)) ? 1 : 0;

        var sparse = new SortedDictionary<int, float>();
        for (int i = 0; i < DenseCount; i++)
        {
            if (features[i] != 0)
            {
                sparse[i] = features[i];
            }
        }

        if (tokens > 0)
        {
            float share = 1f / tokens;
            foreach (var id in ids)
            {
                int slot = DenseCount + (int)((uint)id * 2654435761u % TokenBuckets);
                sparse[slot] = sparse.GetValueOrDefault(slot) + share;
            }
        }

        sparse[DenseCount + TokenBuckets + (int)(Fnv1a(caseKey + "\u0001" + trimmed.ReplaceLineEndings("\n")) % CaseAnswerBuckets)] = 1;
        return new VBuffer<float>(Length, sparse.Count, [.. sparse.Values], [.. sparse.Keys]);
    }

    /// <summary>FNV-1a over UTF-16 code units: stable across processes and runtimes, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static ulong Fnv1a(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static float Log(int count) => (float)Math.Log(1 + count);

    private static bool IsNumbered(string line)
    {
        int digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        return digits is > 0 and <= 3 && digits + 1 < line.Length && line[digits] is '.' or ')' && line[digits + 1] == ' ';
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static (int Letters, int Upper, int NonAscii, int Words, int WordCharacters) Counts(string text)
    {
        int letters = 0, upper = 0, nonAscii = 0, words = 0, wordCharacters = 0;
        bool inWord = false;
        foreach (var c in text)
        {
            if (c > 127)
            {
                nonAscii++;
            }

            bool letter = char.IsLetterOrDigit(c);
            if (letter)
            {
                letters++;
                wordCharacters++;
                if (char.IsUpper(c))
                {
                    upper++;
                }

                if (!inWord)
                {
                    words++;
                }
            }

            inWord = letter;
        }

        return (letters, upper, nonAscii, words, wordCharacters);
    }

    /// <summary>The first characters of an answer for evidence, on one line.</summary>
    internal static string Excerpt(string? answer, int characters = 160)
    {
        var text = (answer ?? string.Empty).ReplaceLineEndings(" ⏎ ").Trim();
        return text.Length <= characters ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..characters]}…");
    }
}
