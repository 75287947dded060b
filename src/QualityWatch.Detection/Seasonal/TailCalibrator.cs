using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Seasonal;

/// <summary>
/// Turns a series' standardised residual sizes into tail probabilities learned from that series' own healthy history:
/// the empirical distribution of the last <see cref="Capacity"/> healthy |z| below its 80th percentile, a generalized
/// Pareto tail above it (peaks over threshold, as in Siffer et al., "Anomaly Detection in Streams with Extreme Value
/// Theory", KDD 2017), fitted on the 90th and 95th percentiles so that outliers nobody labelled, which do end up in
/// the history, do not fatten the tail (<see cref="GeneralizedPareto.FromQuantiles"/>). A residual's probability is what makes a score comparable across series whatever the shape of
/// their noise: heavy-tailed request rates and near-Gaussian latencies both get p ≈ q on a fraction q of healthy rows.
/// </summary>
internal sealed class TailCalibrator
{
    /// <summary>Below this many healthy residuals the tail is not estimated and p-values come from Chebyshev's bound,
    /// which holds for any distribution with unit scale but is deliberately conservative.</summary>
    public const int MinimumHistory = 40;

    private const double TailQuantile = 0.8;
    private const int RefitEvery = 32;

    private readonly RingBuffer _history;
    private double[] _sorted = [];
    private double _threshold;
    private double _tailFraction;
    private GeneralizedPareto _tail;
    private int _sinceFit;

    public TailCalibrator(int capacity)
    {
        _history = new RingBuffer(capacity);
    }

    public int Capacity => _history.Capacity;

    public int Count => _history.Count;

    /// <summary>Adds the size of a healthy row's residual.</summary>
    public void Add(double magnitude)
    {
        _history.Add(Math.Abs(magnitude));
        if (++_sinceFit >= RefitEvery || _sorted.Length < MinimumHistory)
        {
            Refit();
        }
    }

    /// <summary>Probability that a healthy row's |z| is at least <paramref name="magnitude"/>.</summary>
    public double PValue(double magnitude)
    {
        double x = Math.Abs(magnitude);
        if (_sorted.Length < MinimumHistory)
        {
            return x <= 1 ? 1 : Math.Min(1, 1 / (x * x));
        }

        if (x <= _threshold)
        {
            int below = LowerBound(_sorted, x);
            return (_sorted.Length - below + 1) / (double)(_sorted.Length + 1);
        }

        return Math.Max(_tailFraction * _tail.Survival(x - _threshold), 1e-300);
    }

    /// <summary>Writes the history, the sorted snapshot the tail was last fitted on, and the rows since.</summary>
    public void Save(BinaryWriter writer)
    {
        Write(writer, _history.ToArray());
        Write(writer, _sorted);
        writer.Write(_sinceFit);
    }

    public void Load(BinaryReader reader)
    {
        _history.Load(Read(reader, _history.Capacity));
        var snapshot = Read(reader, _history.Capacity);
        int sinceFit = reader.ReadInt32();
        _sorted = snapshot;
        Refit(snapshot);
        _sinceFit = sinceFit;
    }

    private static void Write(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (double v in values)
        {
            writer.Write(v);
        }
    }

    private static double[] Read(BinaryReader reader, int capacity)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > capacity)
        {
            throw new InvalidDataException($"Saved calibration history holds {count} residuals; capacity is {capacity}.");
        }

        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }

    private void Refit()
    {
        var sorted = _history.ToArray();
        Array.Sort(sorted);
        Refit(sorted);
    }

    private void Refit(double[] sorted)
    {
        _sinceFit = 0;
        _sorted = sorted;
        if (_sorted.Length < MinimumHistory)
        {
            return;
        }

        _threshold = Quantile(_sorted, TailQuantile);
        _tailFraction = 1 - TailQuantile;
        double tail = 1 - TailQuantile;
        _tail = GeneralizedPareto.FromQuantiles(_threshold, Quantile(_sorted, 1 - (tail / 2)), Quantile(_sorted, 1 - (tail / 4)));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private static int LowerBound(double[] sorted, double x)
    {
        int low = 0;
        int high = sorted.Length;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < x)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
