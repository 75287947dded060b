using QualityWatch.Core.Statistics;

namespace QualityWatch.Core.Tests.Statistics;

public sealed class SplitMix64Tests
{
    [Fact]
    public void NextUInt64_Seed1234567_GivesTheReferenceSequence()
    {
        // The first outputs of Vigna's reference splitmix64.c for this seed.
        var random = new SplitMix64(1234567);

        Assert.Equal([6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL], new[] { random.NextUInt64(), random.NextUInt64(), random.NextUInt64() });
    }

    [Fact]
    public void Next_StaysInRange_AndNonPositiveBoundIsZero()
    {
        var random = new SplitMix64(7);

        Assert.All(Enumerable.Range(0, 1000).Select(_ => random.Next(-3, 4)), n => Assert.InRange(n, -3, 3));
        Assert.All(Enumerable.Range(0, 1000).Select(_ => random.NextDouble()), d => Assert.InRange(d, 0.0, 0.9999999999999999));
        Assert.Equal(0, random.Next(0));
    }

    [Fact]
    public void Next_EmptyRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SplitMix64(1).Next(5, 5));
    }
}
