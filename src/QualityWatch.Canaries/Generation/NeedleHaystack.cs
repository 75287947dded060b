using System.Text;
using QualityWatch.Core.Statistics;

namespace QualityWatch.Canaries.Generation;

/// <summary>
/// Builds the long-context prompt of a needle case at load time: seeded filler prose of about the requested number of
/// tokens with the needle sentence at a relative position, so suite files stay small while prompts run to 20k tokens.
/// </summary>
public static class NeedleHaystack
{
    /// <summary>Characters per token assumed for English filler (the usual BPE average).</summary>
    public const int CharsPerToken = 4;

    private static readonly string[] Subjects =
    [
        "The committee", "A quiet gardener", "The river pilot", "Every archivist", "The night clerk", "A travelling cartographer",
        "The lighthouse keeper", "Our neighbour", "The museum guide", "A retired engineer", "The baker", "The surveyor",
    ];

    private static readonly string[] Verbs =
    [
        "reviewed", "described", "catalogued", "repainted", "measured", "photographed", "discussed", "repaired", "counted", "sketched",
    ];

    private static readonly string[] Objects =
    [
        "the old stone bridge", "a row of copper lanterns", "the northern orchard", "the harbour wall", "a box of brass keys",
        "the winter timetable", "the chapel windows", "a stack of ledgers", "the hillside terraces", "the canal locks",
    ];

    private static readonly string[] Tails =
    [
        "before the morning fog lifted", "while the market was closing", "after a long afternoon of rain", "with unusual care",
        "without saying much to anyone", "as the bells rang noon", "during the slow season", "in the usual careful way",
    ];

    /// <summary>The filler with <paramref name="needle"/> inserted at <paramref name="position"/> (0 = start, 1 = end).</summary>
    public static string Build(int fillerTokens, ulong seed, string needle, double position)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fillerTokens);
        ArgumentNullException.ThrowIfNull(needle);
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, 1);
        var random = new SplitMix64(seed);
        var targetChars = fillerTokens * CharsPerToken;
        var sentences = new List<string>();
        var length = 0;
        while (length < targetChars)
        {
            var sentence = $"{random.Pick(Subjects)} {random.Pick(Verbs)} {random.Pick(Objects)} {random.Pick(Tails)}.";
            sentences.Add(sentence);
            length += sentence.Length + 1;
        }

        sentences.Insert((int)Math.Round(position * sentences.Count), needle.Trim());
        var text = new StringBuilder(length + needle.Length + 64);
        for (var i = 0; i < sentences.Count; i++)
        {
            text.Append(sentences[i]).Append(i % 6 == 5 ? "\n\n" : " ");
        }

        return text.ToString().TrimEnd();
    }
}
