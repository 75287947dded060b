namespace QualityWatch.Core.Text;

/// <summary>
/// A unified-style line diff of two texts, for showing an expected or baseline answer beside the actual one:
/// each line is <c>"  same"</c>, <c>"- only before"</c> or <c>"+ only after"</c>.
/// </summary>
/// <remarks>
/// Longest common subsequence over lines (Hunt, J. W. and McIlroy, M. D. (1976), An Algorithm for Differential
/// File Comparison). The table is quadratic, so each text is cut to its first <see cref="MaxInputLines"/> lines.
/// </remarks>
public static class LineDiff
{
    /// <summary>Lines of each text that take part in the diff; the rest is ignored.</summary>
    public const int MaxInputLines = 200;

    /// <summary>The diff of <paramref name="before"/> and <paramref name="after"/>; a null or empty text has no lines.</summary>
    /// <param name="before">The expected or baseline text.</param>
    /// <param name="after">The actual or candidate text.</param>
    /// <param name="maxLineLength">Longer lines are cut to this many characters and end in "…".</param>
    /// <param name="maxLines">Longer diffs keep this many lines and end in a line counting the rest.</param>
    public static IReadOnlyList<string> Compute(string? before, string? after, int maxLineLength = int.MaxValue, int maxLines = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLines);
        var a = Split(before, maxLineLength);
        var b = Split(after, maxLineLength);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal) ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                lines.Add("  " + a[x++]);
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                lines.Add("- " + a[x++]);
            }
            else
            {
                lines.Add("+ " + b[y++]);
            }
        }

        return lines.Count <= maxLines ? lines : [.. lines.Take(maxLines), $"  … {lines.Count - maxLines} more lines"];
    }

    private static string[] Split(string? text, int maxLineLength) =>
        string.IsNullOrEmpty(text)
            ? []
            : text.ReplaceLineEndings("\n").Split('\n').Take(MaxInputLines).Select(l => l.Length > maxLineLength ? l[..maxLineLength] + "…" : l).ToArray();
}
