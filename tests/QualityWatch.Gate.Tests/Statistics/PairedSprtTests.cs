using QualityWatch.Gate.Statistics;

namespace QualityWatch.Gate.Tests.Statistics;

public sealed class PairedSprtTests
{
    private static PairedSprt Fed(params (bool Baseline, bool Candidate, int Times)[] pairs)
    {
        var sprt = new PairedSprt(alpha: 0.05, beta: 0.2, drop: 0.02);
        foreach (var (baseline, candidate, times) in pairs)
        {
            for (var i = 0; i < times; i++)
            {
                sprt.Observe(baseline, candidate);
            }
        }

        return sprt;
    }

    [Fact]
    public void Boundaries_AreWaldsFromAlphaAndBeta()
    {
        var sprt = Fed();

        Assert.Equal(Math.Log(16), sprt.UpperBoundary, 12);          // ln((1 − 0.2) / 0.05) = 2.7726
        Assert.Equal(-1.5581446180465497, sprt.LowerBoundary, 12);   // ln(0.2 / 0.95)
    }

    [Fact]
    public void State_HundredConcordantPairs_AcceptsNoDrop()
    {
        var state = Fed((true, true, 100)).State();

        // Noise floor 0.005: 100 · ln(0.97 / 0.99).
        Assert.Equal(-2.040887163120712, state.NoDropLogLikelihoodRatio, 9);
        Assert.Equal(0, state.RegressionLogLikelihoodRatio);
        Assert.Equal(SprtDecision.AcceptNoDrop, state.Decision);
    }

    [Fact]
    public void State_SixRegressedThreeImproved_NoDropRatioUsesImprovementRateAsNoise()
    {
        var state = Fed((true, true, 85), (true, false, 6), (false, true, 3), (false, false, 6)).State();

        // q = 3/100; 6 · ln(0.05/0.03) + 91 · ln(0.92/0.94).
        Assert.Equal(0.03, state.NoiseRate, 12);
        Assert.Equal(1.1078890674882653, state.NoDropLogLikelihoodRatio, 9);
    }

    [Fact]
    public void Observe_FirstPairRegressed_UsesThePriorDiscordance()
    {
        // No history: d = (0 + 1)/(0 + 50) = drop, θ₁ = min(0.95, 1): factor 1.9.
        var sprt = Fed((true, false, 1));

        Assert.Equal(Math.Log(1.9), sprt.RegressionLogLikelihoodRatio, 12);
    }

    [Fact]
    public void Observe_RegressionAfterManyDiscordantPairs_WeighsLittle()
    {
        // 50 pairs, 20 discordant: d = 21/100, θ₁ = 0.23/0.42; the next regression multiplies by 2θ₁.
        var sprt = Fed((true, true, 30), (true, false, 10), (false, true, 10));
        var before = sprt.RegressionLogLikelihoodRatio;

        sprt.Observe(true, false);

        Assert.Equal(Math.Log(2 * 0.23 / 0.42), sprt.RegressionLogLikelihoodRatio - before, 12);
    }

    [Fact]
    public void State_OneCaseAlwaysFailing_IsAsymmetricButNotADropOfTheTolerance()
    {
        // 1 of 100 cases regresses in every one of 10 rounds: McNemar-significant, but a 1-point drop.
        var sprt = new PairedSprt(0.05, 0.2, 0.02);
        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                sprt.Observe(true, i != 42);
            }
        }

        var state = sprt.State();
        Assert.True(state.RegressionLogLikelihoodRatio >= state.UpperBoundary);
        Assert.Equal(SprtDecision.AcceptNoDrop, state.Decision);
    }

    [Fact]
    public void Observe_RegressionsAfterAgreement_WeighAtMostTheCap()
    {
        // After 98 concordant pairs d = 1/100 is below the drop, so θ₁ = min(0.95, 1): each regression adds ln 1.9.
        var sprt = Fed((true, true, 98), (true, false, 2));

        Assert.Equal(2 * Math.Log(1.9), sprt.RegressionLogLikelihoodRatio, 12);
    }

    [Fact]
    public void Observe_ImprovementAfterTenAgreements_UsesThePastDiscordanceOnly()
    {
        // d = 1/60 is under the drop, so θ₁ = 0.95 and an improvement multiplies by 2 (1 − θ₁) = 0.1.
        var sprt = Fed((true, true, 10), (false, true, 1));

        Assert.Equal(Math.Log(0.1), sprt.RegressionLogLikelihoodRatio, 12);
    }

    [Fact]
    public void State_ThreePointDropOverTwoHundredPairs_AcceptsDrop()
    {
        var sprt = new PairedSprt(0.05, 0.2, 0.02);
        for (var i = 0; i < 200; i++)
        {
            sprt.Observe(true, i % 33 != 0);
        }

        Assert.Equal(SprtDecision.AcceptDrop, sprt.State().Decision);
    }

    [Fact]
    public void State_BalancedFlakiness_NeverAcceptsDrop()
    {
        var sprt = new PairedSprt(0.05, 0.2, 0.02);
        for (var i = 0; i < 2000; i++)
        {
            // One regression then one improvement every 20 pairs: 10% discordance, no drop.
            sprt.Observe(i % 20 != 0, i % 20 != 10);
            Assert.NotEqual(SprtDecision.AcceptDrop, sprt.State().Decision);
        }
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
