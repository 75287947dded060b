namespace QualityWatch.Detection.Engine;

/// <summary>
/// Five-minute medians of one drift signal over the last 27 hours, aligned to the clock (block = unix minute / 5), for
/// the day-over-day comparison: the last two hours against the same two hours yesterday and an hour either side. Catches a slow
/// creep (say +25 % a day) that the 4-hour rolling baseline follows along, while a daily cycle cancels out; minutes
/// without calls leave their block empty rather than shifting the day. JSON-serialisable; 2 × 324 numbers per signal.
/// </summary>
internal sealed class DayOverDayWindows
{
    public const int BlockMinutes = 5;
    public const int CurrentBlocks = 24;
    public const int ReferenceBlocks = 48;
    public const int DayBlocks = 1440 / BlockMinutes;
    public const int Capacity = DayBlocks + CurrentBlocks + (CurrentBlocks / 2);

    /// <summary>Clock block the <see cref="Block"/> values belong to; −1 before the first value.</summary>
    public long CurrentBlock { get; set; } = -1;

    /// <summary>Values of the block being filled.</summary>
    public List<double> Block { get; set; } = [];

    /// <summary>Ring of block medians, slot = block % <see cref="Capacity"/>.</summary>
    public double[] Medians { get; set; } = new double[Capacity];

    /// <summary>Which block each slot of <see cref="Medians"/> holds (a slot is stale when it holds an older block).</summary>
    public long[] BlockOf { get; set; } = Enumerable.Repeat(-1L, Capacity).ToArray();

    /// <summary>Clock block of the first value ever seen.</summary>
    public long FirstBlock { get; set; } = -1;

    /// <summary>Adds one minute; returns true when this closed a block (the comparison can be made).</summary>
    public bool Add(double value, DateTimeOffset minute)
    {
        long block = minute.ToUnixTimeSeconds() / 60 / BlockMinutes;
        bool closed = false;
        if (block != CurrentBlock)
        {
            if (CurrentBlock >= 0 && Block.Count > 0)
            {
                // Sorted in place: the block's values are cleared below anyway.
                Block.Sort();
                int slot = (int)(CurrentBlock % Capacity);
                Medians[slot] = Block[Block.Count / 2];
                BlockOf[slot] = CurrentBlock;
                closed = true;
            }

            if (FirstBlock < 0)
            {
                FirstBlock = block;
            }

            CurrentBlock = block;
            Block.Clear();
        }

        Block.Add(value);
        return closed;
    }

    /// <summary>True once a full day plus the current window has passed since the first value.</summary>
    public bool HasADay => FirstBlock >= 0 && CurrentBlock - FirstBlock >= Capacity;

    /// <summary>
    /// Copies the medians of yesterday's same two hours and an hour either side (up to <see cref="ReferenceBlocks"/>
    /// blocks) and of the last two hours (up to <see cref="CurrentBlocks"/>), among the blocks closed so far, oldest
    /// first; empty blocks are skipped. Returns how many of each were copied.
    /// </summary>
    public (int Reference, int Current) Compare(Span<double> reference, Span<double> current)
    {
        long newest = CurrentBlock - 1;
        return (CopyMedians(newest - Capacity + 1, ReferenceBlocks, reference), CopyMedians(newest - CurrentBlocks + 1, CurrentBlocks, current));
    }

    /// <summary>Every stored block of the last 27 hours, oldest first: clock start and median.</summary>
    public IReadOnlyList<(DateTimeOffset Start, double Median)> Day() =>
        Range(CurrentBlock - Capacity, Capacity).Select(b => (DateTimeOffset.FromUnixTimeSeconds(b.Block * BlockMinutes * 60), b.Median)).ToList();

    private IEnumerable<(long Block, double Median)> Range(long from, int count)
    {
        for (long block = from; block < from + count; block++)
        {
            if (Holds(block, out int slot))
            {
                yield return (block, Medians[slot]);
            }
        }
    }

    private int CopyMedians(long from, int count, Span<double> destination)
    {
        int copied = 0;
        for (long block = from; block < from + count; block++)
        {
            if (Holds(block, out int slot))
            {
                destination[copied++] = Medians[slot];
            }
        }

        return copied;
    }

    /// <summary>True when <paramref name="block"/>'s median is stored (in <paramref name="slot"/>), not overwritten by a later one.</summary>
    private bool Holds(long block, out int slot)
    {
        slot = (int)(((block % Capacity) + Capacity) % Capacity);
        return block >= 0 && BlockOf[slot] == block;
    }
}
