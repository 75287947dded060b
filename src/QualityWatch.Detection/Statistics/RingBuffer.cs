namespace QualityWatch.Detection.Statistics;

/// <summary>A fixed-capacity FIFO (ML.NET's FixedSizeQueue): adding to a full buffer drops the oldest item.</summary>
internal sealed class RingBuffer
{
    private readonly double[] _items;
    private int _start;

    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new double[capacity];
    }

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    public bool IsFull => Count == _items.Length;

    /// <summary>Item <paramref name="index"/> counted from the oldest.</summary>
    public double this[int index] => _items[(_start + index) % _items.Length];

    public double First => this[0];

    public double Last => this[Count - 1];

    public void Add(double value)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count) % _items.Length] = value;
            Count++;
        }
        else
        {
            _items[_start] = value;
            _start = (_start + 1) % _items.Length;
        }
    }

    public double[] ToArray()
    {
        var result = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            result[i] = this[i];
        }

        return result;
    }

    public void Load(IReadOnlyList<double> items)
    {
        _start = 0;
        Count = 0;
        foreach (var item in items)
        {
            Add(item);
        }
    }
}
