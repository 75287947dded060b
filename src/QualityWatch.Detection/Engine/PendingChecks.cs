namespace QualityWatch.Detection.Engine;

/// <summary>
/// The latest healthy checks of a pass-rate series, oldest first, one bit each, waiting to join its baseline
/// (<see cref="QualityMonitor"/>). JSON-serialisable; a few thousand checks take a few hundred bytes.
/// </summary>
internal sealed class PendingChecks
{
    private const int WordBits = 64;

    /// <summary>The bits, from bit <see cref="Offset"/> of the first word on.</summary>
    public List<ulong> Words { get; set; } = [];

    public int Offset { get; set; }

    public int Count { get; set; }

    public int Passed { get; set; }

    public void Enqueue(bool passed)
    {
        int position = Offset + Count;
        int word = position / WordBits;
        if (word == Words.Count)
        {
            Words.Add(0);
        }

        if (passed)
        {
            Words[word] |= 1UL << (position % WordBits);
            Passed++;
        }

        Count++;
    }

    /// <summary>Removes the oldest check and says whether it passed.</summary>
    public bool Dequeue()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("No pending check to dequeue.");
        }

        bool passed = ((Words[0] >> Offset) & 1UL) != 0;
        Offset++;
        Count--;
        if (Count == 0)
        {
            Words.Clear();
            Offset = 0;
        }
        else if (Offset == WordBits)
        {
            Words.RemoveAt(0);
            Offset = 0;
        }

        Passed -= passed ? 1 : 0;
        return passed;
    }

    public void Clear()
    {
        Words.Clear();
        Offset = 0;
        Count = 0;
        Passed = 0;
    }
}
