namespace QualityWatch.Detection.Engine;

/// <summary>Ring of per-bucket counts with a running sum: O(1) add, O(1) window total. JSON-serialisable.</summary>
internal sealed class CountWindow
{
    public CountWindow()
    {
    }

    public CountWindow(int capacity) => Values = new double[capacity];

    public double[] Values { get; set; } = [];

    public int Start { get; set; }

    public int Count { get; set; }

    public double Sum { get; set; }

    public bool IsFull => Count == Values.Length;

    /// <summary>Value <paramref name="index"/> counted from the oldest.</summary>
    public double this[int index] => Values[(Start + index) % Values.Length];

    /// <summary>Adds a value; returns the evicted one (NaN when nothing was evicted).</summary>
    public double Add(double value)
    {
        double evicted = double.NaN;
        if (Count < Values.Length)
        {
            Values[(Start + Count) % Values.Length] = value;
            Count++;
        }
        else
        {
            evicted = Values[Start];
            Values[Start] = value;
            Start = (Start + 1) % Values.Length;
            Sum -= evicted;
        }

        Sum += value;
        return evicted;
    }

    /// <summary>Sum of the newest <paramref name="last"/> values.</summary>
    public double SumOfLast(int last)
    {
        double sum = 0;
        int n = Math.Min(last, Count);
        for (int i = Count - n; i < Count; i++)
        {
            sum += Values[(Start + i) % Values.Length];
        }

        return sum;
    }

    public double[] Items()
    {
        var items = new double[Count];
        CopyTo(items);
        return items;
    }

    /// <summary>Copies the values, oldest first, into <paramref name="destination"/>; returns how many.</summary>
    public int CopyTo(Span<double> destination)
    {
        for (int i = 0; i < Count; i++)
        {
            destination[i] = this[i];
        }

        return Count;
    }
}
