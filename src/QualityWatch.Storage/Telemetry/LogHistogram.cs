using System.Runtime.InteropServices;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// A mergeable histogram over logarithmic buckets of width <see cref="Gamma"/>: bucket i holds values in
/// (γ^(i-1), γ^i]. Reporting the bucket's harmonic midpoint bounds the relative error of any quantile by
/// (γ-1)/(γ+1) ≈ 1%, and merging two histograms is adding counts (the DDSketch construction).
/// </summary>
internal sealed class LogHistogram
{
    public const double Gamma = 1.02;
    private static readonly double LogGamma = Math.Log(Gamma);
    private const double MinValue = 1e-9;

    private readonly Dictionary<int, long> _counts = [];

    public long Count { get; private set; }

    public long ZeroCount { get; private set; }

    public void Add(double value, long count = 1)
    {
        if (count <= 0 || double.IsNaN(value))
        {
            return;
        }

        Count += count;
        if (value <= MinValue)
        {
            ZeroCount += count;
            return;
        }

        var index = (int)Math.Ceiling(Math.Log(Math.Min(value, 1e12)) / LogGamma);
        CollectionsMarshal.GetValueRefOrAddDefault(_counts, index, out _) += count;
    }

    public void Merge(LogHistogram other)
    {
        Count += other.Count;
        ZeroCount += other.ZeroCount;
        foreach (var (index, count) in other._counts)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_counts, index, out _) += count;
        }
    }

    /// <summary>The q-quantile (0..1) by nearest rank, or null when empty.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        // Nearest rank: the smallest value with at least q of the observations at or below it.
        var rank = Math.Max(0, (long)Math.Ceiling(Math.Clamp(q, 0, 1) * Count) - 1);
        if (rank < ZeroCount)
        {
            return 0;
        }

        var seen = ZeroCount;
        var last = 0;
        foreach (var (index, count) in _counts.OrderBy(c => c.Key))
        {
            seen += count;
            last = index;
            if (seen > rank)
            {
                return 2 * Math.Pow(Gamma, index) / (Gamma + 1);
            }
        }

        return 2 * Math.Pow(Gamma, last) / (Gamma + 1);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt64(ZeroCount);
        writer.Write7BitEncodedInt(_counts.Count);
        foreach (var (index, count) in _counts.OrderBy(c => c.Key))
        {
            writer.Write(index);
            writer.Write7BitEncodedInt64(count);
        }
    }

    public static LogHistogram Read(BinaryReader reader)
    {
        var histogram = new LogHistogram { ZeroCount = reader.Read7BitEncodedInt64() };
        histogram.Count = histogram.ZeroCount;
        var entries = reader.Read7BitEncodedInt();
        for (var i = 0; i < entries; i++)
        {
            var index = reader.ReadInt32();
            var count = reader.Read7BitEncodedInt64();
            histogram._counts[index] = count;
            histogram.Count += count;
        }

        return histogram;
    }

    /// <summary>The histogram in the ingest log's compact form: bucket indexes and counts as varints.</summary>
    public void WriteCompact(CompactWriter writer)
    {
        writer.WriteVarint((ulong)ZeroCount);
        writer.WriteVarint((ulong)_counts.Count);
        foreach (var (index, count) in _counts)
        {
            writer.WriteSigned(index);
            writer.WriteVarint((ulong)count);
        }
    }

    public static LogHistogram ReadCompact(CompactReader reader)
    {
        var histogram = new LogHistogram { ZeroCount = (long)reader.ReadVarint() };
        histogram.Count = histogram.ZeroCount;
        for (var entries = reader.ReadVarint(); entries > 0; entries--)
        {
            var index = checked((int)reader.ReadSigned());
            var count = (long)reader.ReadVarint();
            histogram._counts[index] = histogram._counts.GetValueOrDefault(index) + count;
            histogram.Count += count;
        }

        return histogram;
    }
}
