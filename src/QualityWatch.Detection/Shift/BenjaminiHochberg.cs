namespace QualityWatch.Detection.Shift;

/// <summary>Benjamini–Hochberg step-up procedure: controls the false discovery rate across many series tested at once.</summary>
/// <remarks>Benjamini, Y.; Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1).</remarks>
public static class BenjaminiHochberg
{
    /// <summary>Which hypotheses are rejected at false discovery rate <paramref name="q"/>; same order as the input.</summary>
    public static bool[] Reject(IReadOnlyList<double> pValues, double q = 0.05)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        if (q is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "q must be in (0, 1).");
        }

        int m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        int largest = -1;
        for (int k = 0; k < m; k++)
        {
            if (pValues[order[k]] <= (k + 1) * q / m)
            {
                largest = k;
            }
        }

        var rejected = new bool[m];
        for (int k = 0; k <= largest; k++)
        {
            rejected[order[k]] = true;
        }

        return rejected;
    }

    /// <summary>BH-adjusted p-values (q-values), monotone and capped at 1.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        double running = 1;
        for (int k = m - 1; k >= 0; k--)
        {
            running = Math.Min(running, pValues[order[k]] * m / (k + 1));
            adjusted[order[k]] = Math.Min(1, running);
        }

        return adjusted;
    }
}
