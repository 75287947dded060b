using System.Security.Cryptography;
using System.Text;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// How often one canary case gave each distinct answer (exact bytes; long answers by digest), capped at a few distinct
/// answers. A case is <see cref="Stable"/> when one answer dominates its history: that is a temperature-0 case whose usual
/// answer is known, so any other answer is a divergence. JSON-serialisable.
/// </summary>
internal sealed class CaseAnswerTally
{
    // A temperature-0 case repeats its answer; a sampled one rarely does. Three answers and a majority tell them apart.
    private const int MinimumAnswers = 3;
    private const double MinimumModalShare = 0.5;
    private const int MaximumDistinct = 6;
    private const int DigestAbove = 96;

    public Dictionary<string, long> Counts { get; set; } = new(StringComparer.Ordinal);

    public long Total { get; set; }

    /// <summary>The answer this case usually gives, once its history shows one.</summary>
    public string? Usual()
    {
        if (Total < MinimumAnswers || Counts.Count == 0)
        {
            return null;
        }

        var modal = Counts.MaxBy(c => c.Value);
        return modal.Value >= MinimumModalShare * Total ? modal.Key : null;
    }

    public bool Stable => Usual() is not null;

    public static string KeyOf(string? answer)
    {
        var text = answer ?? string.Empty;
        return text.Length <= DigestAbove
            ? text
            : $"sha256:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24]}";
    }

    public void Add(string key)
    {
        Total++;
        if (Counts.TryGetValue(key, out var count))
        {
            Counts[key] = count + 1;
            return;
        }

        if (Counts.Count >= MaximumDistinct)
        {
            // Forget the rarest other answer: the usual one is what matters, and rare answers stay rare.
            var rarest = Counts.MinBy(c => c.Value);
            Counts.Remove(rarest.Key);
        }

        Counts[key] = 1;
    }
}
