namespace QualityWatch.Configuration;

/// <summary>"Did you mean": the known key closest to a misspelt one, within a third of its length in edits (at least 2).</summary>
internal static class KeySuggestion
{
    /// <summary>The closest of <paramref name="known"/> to <paramref name="written"/>, compared after
    /// <paramref name="normalise"/> (both sides), or null when none is close.</summary>
    public static string? Closest(string written, IEnumerable<string> known, Func<string, string> normalise)
    {
        string target = normalise(written);
        return known
            .Select(k => (Key: k, Distance: Distance(target, normalise(k))))
            .Where(c => c.Distance <= Math.Max(2, c.Key.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Key)
            .FirstOrDefault();
    }

    /// <summary>YAML keys: case and dashes do not matter, underscores do.</summary>
    public static string SnakeCaseForm(string key) => key.Replace('-', '_').ToLowerInvariant();

    /// <summary>Environment variable segments: neither case nor underscores matter (<c>RecoveryChecks</c>).</summary>
    public static string PropertyForm(string key) => key.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
