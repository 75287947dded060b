namespace QualityWatch.Detection.Seasonal;

/// <summary>
/// Where each row of a series sits on a regular grid: the typical spacing (median gap between distinct times) and
/// each row's slot, rows since the first in units of that spacing. Gaps skip slots, duplicate times share one, so the
/// seasonal phase of a row follows its time, not its position in the file.
/// </summary>
/// <param name="SpacingSeconds">Median positive gap between consecutive times; 0 when all times are equal.</param>
/// <param name="Slots">One slot per row, in the rows' order.</param>
public sealed record SeriesTimeline(double SpacingSeconds, long[] Slots)
{
    /// <summary>Builds the timeline of rows given in time order (seconds since any origin).</summary>
    public static SeriesTimeline FromSeconds(IReadOnlyList<double> sortedSeconds)
    {
        ArgumentNullException.ThrowIfNull(sortedSeconds);
        var gaps = new List<double>();
        for (int i = 1; i < sortedSeconds.Count; i++)
        {
            double gap = sortedSeconds[i] - sortedSeconds[i - 1];
            if (gap > 0)
            {
                gaps.Add(gap);
            }
        }

        if (gaps.Count == 0)
        {
            return new SeriesTimeline(0, Enumerable.Range(0, sortedSeconds.Count).Select(i => (long)i).ToArray());
        }

        gaps.Sort();
        double spacing = gaps[gaps.Count / 2];
        var slots = new long[sortedSeconds.Count];
        double origin = sortedSeconds[0];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = (long)Math.Round((sortedSeconds[i] - origin) / spacing);
        }

        return new SeriesTimeline(spacing, slots);
    }
}
