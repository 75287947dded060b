namespace QualityWatch.Cli.Evaluate;

/// <summary>
/// Event-level scoring of flags against labels, both in time order. An event is a maximal run of consecutive labelled
/// rows; it is caught when a row in it or up to <see cref="CatchWindowRows"/> rows after its end is flagged, and its delay
/// is the index of the first such flag minus the event's start. Flags outside every event's span (event +
/// <see cref="CatchWindowRows"/> rows) are grouped into runs, flags at most <see cref="FalseAlarmJoinRows"/> rows apart
/// joining one run; each run is one false alarm. Counting events and runs rather than rows keeps a long labelled outage
/// from outweighing many short ones, and a detector that flags a whole episode from counting as many hits.
/// </summary>
internal static class EventScoring
{
    /// <summary>Rows after an event's last labelled row in which a flag still catches it (detectors that confirm a change
    /// need a few points).</summary>
    public const int CatchWindowRows = 3;

    /// <summary>Flags outside events this many rows apart or fewer are one false alarm: one episode pages once.</summary>
    public const int FalseAlarmJoinRows = 5;

    public static EventScore Score(IReadOnlyList<bool> labels, IReadOnlyList<bool> flags)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(flags);
        if (labels.Count != flags.Count)
        {
            throw new ArgumentException($"labels ({labels.Count}) and flags ({flags.Count}) must have one entry per row", nameof(flags));
        }

        int n = labels.Count;
        var inEventSpan = new bool[n];
        int events = 0;
        int caught = 0;
        long delayRows = 0;
        int i = 0;
        while (i < n)
        {
            if (!labels[i])
            {
                i++;
                continue;
            }

            int start = i;
            while (i < n && labels[i])
            {
                i++;
            }

            int spanEnd = Math.Min(n - 1, i - 1 + CatchWindowRows);
            events++;
            int firstFlag = -1;
            for (int j = start; j <= spanEnd; j++)
            {
                inEventSpan[j] = true;
                if (firstFlag < 0 && flags[j])
                {
                    firstFlag = j;
                }
            }

            if (firstFlag >= 0)
            {
                caught++;
                delayRows += firstFlag - start;
            }
        }

        int falseAlarms = 0;
        int previousOutside = int.MinValue;
        for (int j = 0; j < n; j++)
        {
            if (!flags[j] || inEventSpan[j])
            {
                continue;
            }

            if (previousOutside == int.MinValue || j - previousOutside > FalseAlarmJoinRows)
            {
                falseAlarms++;
            }

            previousOutside = j;
        }

        return new EventScore(n, events, caught, falseAlarms, delayRows);
    }
}
