using QualityWatch.Detection.Shift;

namespace QualityWatch.Detection.Tests.Shift;

public sealed class DistributionShiftTests
{
    [Fact]
    public void MannWhitneyU_ClassicTextbookExample_MatchesPublishedU()
    {
        // Two groups with no overlap: U for the larger group is n1·n2, p small.
        double[] a = [1, 2, 3, 4, 5, 6, 7, 8];
        double[] b = [11, 12, 13, 14, 15, 16, 17, 18];

        var result = MannWhitneyU.Test(a, b);

        Assert.Equal(64, result.Statistic);
        // Normal approximation with continuity correction: z = (64 − 32 − 0.5)/√(8·8·17/12) = 3.308 → p = 0.00094.
        Assert.Equal(0.00094, result.PValue, 4);
    }

    [Fact]
    public void MannWhitneyU_SameDistribution_IsNotSignificant()
    {
        var random = new Random(1);
        var a = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();

        Assert.True(MannWhitneyU.Test(a, b).PValue > 0.01);
    }

    [Fact]
    public void KolmogorovSmirnov_ShiftedSamples_DIsTheMaximumCdfGap()
    {
        double[] a = [1, 2, 3, 4];
        double[] b = [3, 4, 5, 6];

        var result = KolmogorovSmirnov.Test(a, b);

        Assert.Equal(0.5, result.Statistic, 12);
        Assert.InRange(result.PValue, 0.3, 1.0);
    }

    [Fact]
    public void KolmogorovSmirnov_BimodalVersusUnimodalWithSameMedian_IsSignificant()
    {
        var random = new Random(2);
        var unimodal = Enumerable.Range(0, 300).Select(_ => 1.0 + (0.1 * random.NextDouble())).ToArray();
        var bimodal = Enumerable.Range(0, 300).Select(i => (i % 2 == 0 ? 0.5 : 1.5) + (0.1 * random.NextDouble())).ToArray();

        Assert.True(KolmogorovSmirnov.Test(unimodal, bimodal).PValue < 1e-6);
    }

    [Fact]
    public void ChiSquare_TwoByTwoTable_MatchesHandComputedStatistic()
    {
        // stop/length 90/10 vs 60/40: χ² = 24 (expected 75/25 each row), df = 1.
        var result = ChiSquareTest.Homogeneity(
            new Dictionary<string, long> { ["stop"] = 90, ["length"] = 10 },
            new Dictionary<string, long> { ["stop"] = 60, ["length"] = 40 });

        Assert.Equal(24.0, result.Statistic, 9);
        Assert.Equal(9.6e-7, result.PValue, 7);
    }

    [Fact]
    public void ChiSquare_OrdinalDictionaries_GiveExactlyWhatAnyOtherMapGives()
    {
        // Dictionaries take a path without LINQ; the categories (one only in the current mix, one empty in both) and
        // their order must be the union's, to the last bit.
        var baseline = new Dictionary<string, long>(StringComparer.Ordinal) { ["stop"] = 903, ["length"] = 17, ["tool_calls"] = 0, ["content_filter"] = 3 };
        var current = new Dictionary<string, long>(StringComparer.Ordinal) { ["length"] = 12, ["stop"] = 71, ["error"] = 2 };

        var fast = ChiSquareTest.Homogeneity(baseline, current);
        var general = ChiSquareTest.Homogeneity(new System.Collections.ObjectModel.ReadOnlyDictionary<string, long>(baseline), new System.Collections.ObjectModel.ReadOnlyDictionary<string, long>(current));

        Assert.Equal(general.Statistic, fast.Statistic);
        Assert.Equal(general.PValue, fast.PValue);
        Assert.True(fast.Statistic > 0);
    }

    [Fact]
    public void BenjaminiHochberg_PublishedExample_RejectsTheFirstFour()
    {
        // Benjamini & Hochberg (1995), section 4: 15 p-values, q = 0.05 rejects the four smallest.
        double[] p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000];

        var rejected = BenjaminiHochberg.Reject(p, 0.05);

        Assert.Equal(4, rejected.Count(r => r));
        Assert.True(rejected[0] && rejected[1] && rejected[2] && rejected[3]);
        var adjusted = BenjaminiHochberg.Adjust(p);
        Assert.Equal(0.0015, adjusted[0], 6);
        Assert.All(adjusted, a => Assert.InRange(a, 0.0, 1.0));
    }

    [Fact]
    public void BenjaminiHochberg_QOutOfRange_NamesTheParameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BenjaminiHochberg.Reject([0.1], 0));
        Assert.Equal("q", ex.ParamName);
    }
}
