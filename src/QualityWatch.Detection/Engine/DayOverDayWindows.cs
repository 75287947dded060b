namespace QualityWatch.Detection.Engine;

/// <summary>
/// Five-minute medians of one drift signal over the last 26 hours, for the day-over-day comparison: the last two hours
/// against the same time of day yesterday ± 2 hours. Catches a slow creep (say +25 % a day) that the 4-hour rolling
/// baseline follows along, while a daily cycle cancels out. JSON-serialisable; 317 numbers per signal.
/// </summary>
internal sealed class DayOverDayWindows
{
    public const int BlockMinutes = 5;
    public const int CurrentBlocks = 24;
    public const int ReferenceBlocks = 48;
    public const int DayBlocks = 1440 / BlockMinutes;
    public const int Capacity = DayBlocks + CurrentBlocks;

    public CountWindow Block { get; set; } = new(BlockMinutes);

    public CountWindow Blocks { get; set; } = new(Capacity);

    public CountWindow BlockStarts { get; set; } = new(Capacity);

    /// <summary>Adds one minute; returns true when a five-minute block completed (and <see cref="Blocks"/> moved).</summary>
    public bool Add(double value, DateTimeOffset minute)
    {
        if (Block.Count == 0)
        {
            BlockStarts.Add(minute.ToUnixTimeSeconds());
        }

        Block.Add(value);
        if (!Block.IsFull)
        {
            return false;
        }

        var values = Block.Items();
        Array.Sort(values);
        Blocks.Add(values[values.Length / 2]);
        Block = new CountWindow(BlockMinutes);
        return true;
    }

    public bool HasADay => Blocks.IsFull;

    /// <summary>The same time of day yesterday ± 2 hours (the oldest 48 blocks) and the last two hours (the newest 24).</summary>
    public (double[] Reference, double[] Current) Compare()
    {
        var items = Blocks.Items();
        return (items[..ReferenceBlocks], items[^CurrentBlocks..]);
    }
}
