using QualityWatch.Gate.Statistics;

namespace QualityWatch.Gate.Tests.Statistics;

public sealed class PairedSprtTests
{
    private readonly PairedSprt sprt = new(alpha: 0.05, beta: 0.2, drop: 0.02);

    [Fact]
    public void Boundaries_AreWaldsFromAlphaAndBeta()
    {
        Assert.Equal(Math.Log(16), sprt.UpperBoundary, 12);          // ln((1 − 0.2) / 0.05) = 2.7726
        Assert.Equal(-1.5581446180465497, sprt.LowerBoundary, 12);   // ln(0.2 / 0.95)
    }

    [Fact]
    public void Evaluate_HundredConcordantPairs_AcceptsNoDrop()
    {
        var state = sprt.Evaluate(new PairCounts(BothPassed: 100, Regressions: 0, Improvements: 0, BothFailed: 0));

        // Noise floor 0.005: 100 · ln(0.97 / 0.99).
        Assert.Equal(-2.040887163120712, state.LogLikelihoodRatio, 9);
        Assert.Equal(SprtDecision.AcceptNoDrop, state.Decision);
    }

    [Fact]
    public void Evaluate_OneRegressionAlone_CannotCrossTheUpperBoundary()
    {
        var state = sprt.Evaluate(new PairCounts(0, 1, 0, 0));

        Assert.Equal(Math.Log(5), state.LogLikelihoodRatio, 12);
        Assert.Equal(SprtDecision.Continue, state.Decision);
    }

    [Fact]
    public void Evaluate_SixRegressedThreeImproved_UsesImprovementRateAsNoise()
    {
        var state = sprt.Evaluate(new PairCounts(BothPassed: 85, Regressions: 6, Improvements: 3, BothFailed: 6));

        // q = 3/100; 6 · ln(0.05/0.03) + 91 · ln(0.92/0.94).
        Assert.Equal(0.03, state.NoiseRate, 12);
        Assert.Equal(1.1078890674882653, state.LogLikelihoodRatio, 9);
        Assert.Equal(SprtDecision.Continue, state.Decision);
    }

    [Fact]
    public void Evaluate_ThreePointDropOverHundredPairs_AcceptsDrop()
    {
        var state = sprt.Evaluate(new PairCounts(97, 3, 0, 0));

        Assert.Equal(SprtDecision.AcceptDrop, state.Decision);
    }

    [Fact]
    public void Evaluate_BalancedFlakiness_DriftsToNoDrop()
    {
        var state = sprt.Evaluate(new PairCounts(BothPassed: 1800, Regressions: 100, Improvements: 100, BothFailed: 0));

        Assert.Equal(SprtDecision.AcceptNoDrop, state.Decision);
    }

    [Theory]
    [InlineData(0, 0.2, 0.02)]
    [InlineData(0.05, 0.5, 0.02)]
    [InlineData(0.05, 0.2, 0)]
    [InlineData(0.05, 0.2, 1)]
    public void Constructor_OutOfRange_Throws(double alpha, double beta, double drop)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PairedSprt(alpha, beta, drop));
    }
}
