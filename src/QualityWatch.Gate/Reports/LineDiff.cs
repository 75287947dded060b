namespace QualityWatch.Gate.Reports;

/// <summary>A unified-style line diff (longest common subsequence) for showing baseline vs candidate answers.</summary>
internal static class LineDiff
{
    /// <summary>Lines prefixed "  " (same), "- " (only in <paramref name="before"/>) or "+ " (only in <paramref name="after"/>).</summary>
    public static IReadOnlyList<string> Compute(string? before, string? after, int maxLines = 40)
    {
        var a = Split(before);
        var b = Split(after);
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

    // Answers can be long; the diff is for a PR comment, so long inputs are cut to keep the comment readable.
    private static string[] Split(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.ReplaceLineEndings("\n").Split('\n').Take(200).Select(l => l.Length > 300 ? l[..300] + "…" : l).ToArray();
}
