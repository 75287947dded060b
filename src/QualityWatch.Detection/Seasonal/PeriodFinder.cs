using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Seasonal;

/// <summary>
/// Finds a series' seasonal period instead of asking for it. Candidates come from the spacing — an hour, a day and a
/// week in rows, when whole and when the series holds at least <see cref="MinimumCycles"/> of them — and a candidate
/// is kept only when the data confirm it: after removing a centred moving average one period wide (which takes out
/// level and trend and leaves the cycle) and clipping outliers, the autocorrelation at one period must reach
/// <see cref="MinimumAutocorrelation"/>, i.e. the cycle explains at least that share of the detrended variance. The
/// shortest confirmed period wins unless a longer one explains clearly more (a weekly pattern on top of a daily one).
/// </summary>
public static class PeriodFinder
{
    /// <summary>Cycles a series must hold before its period is believed (one to learn, two to confirm).</summary>
    public const int MinimumCycles = 3;

    /// <summary>Share of detrended variance the cycle must explain.</summary>
    public const double MinimumAutocorrelation = 0.3;

    /// <summary>How much more a longer period must explain to be preferred over a shorter one.</summary>
    private const double LongerPeriodMargin = 0.1;

    private const int MinimumPeriod = 4;

    private static readonly double[] CandidateSeconds = [3600, 86_400, 604_800];

    /// <summary>The confirmed period in slots, or 0, with the autocorrelation that confirmed it.</summary>
    public static (int Period, double Autocorrelation) Find(SeriesTimeline timeline, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(values);
        if (timeline.SpacingSeconds <= 0 || values.Count == 0)
        {
            return (0, double.NaN);
        }

        long span = timeline.Slots[^1] + 1;
        if (span > 50_000_000)
        {
            return (0, double.NaN);
        }

        var grid = new double[span];
        Array.Fill(grid, double.NaN);
        for (int i = 0; i < values.Count; i++)
        {
            // Duplicate times keep the last finite value; the cycle is a property of time, not of repeated rows.
            if (double.IsFinite(values[i]))
            {
                grid[timeline.Slots[i]] = values[i];
            }
        }

        // Clipped before the moving average too: one spike of a hundred times the cycle would shift a whole window.
        var clipped = Winsorise(grid);
        int best = 0;
        double bestCorrelation = double.NaN;
        foreach (double seconds in CandidateSeconds)
        {
            double rows = seconds / timeline.SpacingSeconds;
            int period = (int)Math.Round(rows);
            if (period < MinimumPeriod || Math.Abs(rows - period) > 0.01 * rows || span < MinimumCycles * (long)period)
            {
                continue;
            }

            double correlation = Autocorrelation(Winsorise(Detrend(clipped, period)), period);
            if (correlation < MinimumAutocorrelation || double.IsNaN(correlation))
            {
                continue;
            }

            if (best == 0 || correlation > bestCorrelation + LongerPeriodMargin)
            {
                best = period;
                bestCorrelation = correlation;
            }
        }

        return (best, bestCorrelation);
    }

    /// <summary>Each value minus the mean of the finite values in the window of one period centred on it.</summary>
    internal static double[] Detrend(double[] grid, int period)
    {
        int n = grid.Length;
        var sum = new double[n + 1];
        var count = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            bool finite = double.IsFinite(grid[i]);
            sum[i + 1] = sum[i] + (finite ? grid[i] : 0);
            count[i + 1] = count[i] + (finite ? 1 : 0);
        }

        var detrended = new double[n];
        int half = period / 2;
        for (int i = 0; i < n; i++)
        {
            int from = Math.Max(0, i - half);
            int to = Math.Min(n, from + period);
            from = Math.Max(0, to - period);
            int c = count[to] - count[from];
            detrended[i] = double.IsFinite(grid[i]) && c > 0 ? grid[i] - ((sum[to] - sum[from]) / c) : double.NaN;
        }

        return detrended;
    }

    /// <summary>
    /// Clips values to the median ± 3 robust standard deviations (1.4826 MAD): a handful of spikes would otherwise
    /// dominate Pearson's correlation and hide the daily cycle of exactly the series (crash counts, error rates) whose
    /// spikes we are looking for.
    /// </summary>
    internal static double[] Winsorise(double[] values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length < 3)
        {
            return values;
        }

        double median = SampleMedian.Of(finite);
        double mad = SampleMedian.Of(finite.Select(v => Math.Abs(v - median)).ToArray());
        if (mad <= 0)
        {
            return values;
        }

        double limit = 3 * 1.4826 * mad;
        return values.Select(v => double.IsFinite(v) ? Math.Clamp(v, median - limit, median + limit) : v).ToArray();
    }

    /// <summary>Pearson correlation of the pairs (xᵢ, xᵢ₊ₗₐ₉) where both are finite.</summary>
    internal static double Autocorrelation(double[] x, int lag)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        long n = 0;
        for (int i = 0; i + lag < x.Length; i++)
        {
            double a = x[i];
            double b = x[i + lag];
            if (!double.IsFinite(a) || !double.IsFinite(b))
            {
                continue;
            }

            n++;
            sa += a;
            sb += b;
            saa += a * a;
            sbb += b * b;
            sab += a * b;
        }

        if (n < 3)
        {
            return double.NaN;
        }

        double cov = sab - (sa * sb / n);
        double va = saa - (sa * sa / n);
        double vb = sbb - (sb * sb / n);
        return va <= 0 || vb <= 0 ? double.NaN : cov / Math.Sqrt(va * vb);
    }
}
