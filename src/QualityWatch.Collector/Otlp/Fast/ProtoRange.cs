using System.Runtime.CompilerServices;

namespace QualityWatch.Collector.Otlp.Fast;

/// <summary>Where a length-delimited field's bytes sit in the request buffer.</summary>
internal readonly record struct ProtoRange(int Start, int Length)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> data) => data.Slice(Start, Length);
}
