using System.Text;

namespace QualityWatch.Simulator.Engine;

/// <summary>
/// Deterministic hashing of strings and numbers into uniform doubles. string.GetHashCode is randomised per
/// process, so answers would not be repeatable across runs; FNV-1a + SplitMix64 is stable and fast.
/// </summary>
internal static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static ulong Of(params ReadOnlySpan<object?> parts)
    {
        var hash = FnvOffset;
        foreach (var part in parts)
        {
            var text = part switch
            {
                null => "\u0000",
                string s => s,
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => part.ToString() ?? string.Empty,
            };
            foreach (var b in Encoding.UTF8.GetBytes(text))
            {
                hash ^= b;
                hash *= FnvPrime;
            }

            // A separator so ("ab","c") and ("a","bc") differ.
            hash ^= 0x1F;
            hash *= FnvPrime;
        }

        return Mix(hash);
    }

    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    /// <summary>A uniform double in [0, 1) from the hash of <paramref name="parts"/>.</summary>
    public static double Uniform(params ReadOnlySpan<object?> parts) => ToUnit(Of(parts));

    public static double ToUnit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));
}
