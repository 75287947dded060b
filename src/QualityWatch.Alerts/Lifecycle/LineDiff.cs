namespace QualityWatch.Alerts.Lifecycle;

/// <summary>
/// A line diff (longest common subsequence) of expected vs actual: <c>"  same"</c>, <c>"- expected"</c>, <c>"+ actual"</c>.
/// Answers are short, so the quadratic table is cheap; longer texts are cut to keep it so.
/// </summary>
internal static class LineDiff
{
    private const int MaxLines = 200;

    public static IReadOnlyList<string> Compute(string? expected, string? actual)
    {
        if (expected is null || actual is null)
        {
            return [];
        }

        var a = Split(expected);
        var b = Split(actual);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var diff = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                diff.Add("  " + a[x]);
                x++;
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                diff.Add("- " + a[x++]);
            }
            else
            {
                diff.Add("+ " + b[y++]);
            }
        }

        diff.AddRange(a[x..].Select(line => "- " + line));
        diff.AddRange(b[y..].Select(line => "+ " + line));
        return diff;
    }

    private static string[] Split(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Take(MaxLines).ToArray();
}
