using QualityWatch.Detection.Sequential;

namespace QualityWatch.Detection.Tests.Sequential;

public sealed class SequentialProbabilityRatioTestTests
{
    [Theory]
    [InlineData(0.95, SprtDecision.AcceptBaseline)]
    [InlineData(0.80, SprtDecision.AcceptRegression)]
    public void Add_StreamFromTrueRate_ReachesTheRightDecision(double trueRate, SprtDecision expected)
    {
        var random = new Random(42);
        var sprt = new SequentialProbabilityRatioTest(0.95, 0.90);
        while (sprt.Decision == SprtDecision.Continue)
        {
            bool pass = random.NextDouble() < trueRate;
            sprt.Add(pass ? 1 : 0, pass ? 0 : 1);
        }

        Assert.Equal(expected, sprt.Decision);
    }

    [Fact]
    public void Add_UnderBaseline_FalseRegressionRateIsAtMostAlpha()
    {
        var random = new Random(1);
        int falseRegressions = 0;
        const int trials = 1000;
        for (int t = 0; t < trials; t++)
        {
            var sprt = new SequentialProbabilityRatioTest(0.95, 0.90, alpha: 0.05, beta: 0.10);
            while (sprt.Decision == SprtDecision.Continue)
            {
                bool pass = random.NextDouble() < 0.95;
                sprt.Add(pass ? 1 : 0, pass ? 0 : 1);
            }

            falseRegressions += sprt.Decision == SprtDecision.AcceptRegression ? 1 : 0;
        }

        // Wald's bound: α' ≤ α/(1−β) ≈ 0.056; allow sampling error.
        Assert.InRange(falseRegressions / (double)trials, 0.0, 0.07);
    }

    [Fact]
    public void Constructor_AlphaOutOfRange_NamesTheParameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SequentialProbabilityRatioTest(0.95, 0.9, alpha: 0.7));
        Assert.Equal("alpha", ex.ParamName);
    }
}
