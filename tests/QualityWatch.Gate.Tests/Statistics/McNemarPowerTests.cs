using MathNet.Numerics.Distributions;
using QualityWatch.Gate.Statistics;

namespace QualityWatch.Gate.Tests.Statistics;

public sealed class McNemarPowerTests
{
    [Fact]
    public void Power_WithoutNoise_IsTheChanceOfFiveOrMoreRegressions()
    {
        // With q = 0 every discordant pair is a regression, and five of five is the first significant count at 5%:
        // power = P(Binomial(100, 0.05) ≥ 5) = 0.564019 (hand-computed from the binomial sum).
        Assert.Equal(0.5640186993142899, McNemarPower.Power(100, 0.05, 0, 0.05), 6);
    }

    [Fact]
    public void Power_WithNoise_MatchesTheFullExactSum()
    {
        // Σ_D P(D) P(b ≥ k(D) | D) for n = 200, drop 0.04, q = 0.02, computed independently by direct summation.
        Assert.Equal(0.5682619747545496, McNemarPower.Power(200, 0.04, 0.02, 0.05), 6);
    }

    [Fact]
    public void MinimumDetectableDrop_WithoutNoise_IsWherePowerReachesEightyPercent()
    {
        var drop = McNemarPower.MinimumDetectableDrop(100, 0, 0.05);

        Assert.NotNull(drop);
        Assert.Equal(0.0662967, drop!.Value, 4);
    }

    [Theory]
    [InlineData(350, 0.02)]
    [InlineData(1000, 0.05)]
    [InlineData(2000, 0.01)]
    public void MinimumDetectableDrop_LargeSamples_AgreesWithConnorsApproximation(int pairs, double noise)
    {
        var exact = McNemarPower.MinimumDetectableDrop(pairs, noise, 0.05)!.Value;

        // Connor (1987): n = (z_α √ψ + z_β √(ψ − Δ²))² / Δ² with ψ = 2q + Δ; solve for Δ by bisection.
        var zAlpha = Normal.InvCDF(0, 1, 0.95);
        var zBeta = Normal.InvCDF(0, 1, 0.8);
        double low = 1e-6, high = 1 - (2 * noise);
        for (var i = 0; i < 60; i++)
        {
            var mid = (low + high) / 2;
            var psi = (2 * noise) + mid;
            var needed = Math.Pow((zAlpha * Math.Sqrt(psi)) + (zBeta * Math.Sqrt(psi - (mid * mid))), 2) / (mid * mid);
            (low, high) = needed <= pairs ? (low, mid) : (mid, high);
        }

        Assert.InRange(exact / high, 0.85, 1.25);
    }

    [Fact]
    public void MinimumDetectableDrop_ShrinksWithMorePairs()
    {
        var small = McNemarPower.MinimumDetectableDrop(100, 0.01, 0.05)!.Value;
        var large = McNemarPower.MinimumDetectableDrop(1000, 0.01, 0.05)!.Value;

        Assert.True(large < small / 2, $"{large} vs {small}");
    }

    [Fact]
    public void MinimumDetectableDrop_TooFewPairs_IsNull()
    {
        // Four pairs can never reach p ≤ 0.05 (1/16 at best).
        Assert.Null(McNemarPower.MinimumDetectableDrop(4, 0, 0.05));
    }
}
