using QualityWatch.Gate.Statistics;

namespace QualityWatch.Gate.Tests.Statistics;

public sealed class GateBudgetTests
{
    [Fact]
    public void PairsToDecide_GrowsWithTheDiscordanceSeen()
    {
        var stable = GateBudget.PairsToDecide(new PairCounts(100, 0, 0, 100), 0.05, 0.2, 0.02);
        var flaky = GateBudget.PairsToDecide(new PairCounts(90, 8, 8, 94), 0.05, 0.2, 0.02);

        Assert.InRange(stable, 350, 420);
        Assert.InRange(flaky, 1000, 1250);
    }

    [Fact]
    public void MorePairsToDecide_IsZeroOnceTheNoDropBoundaryIsReached()
    {
        var sprt = new PairedSprt(0.05, 0.2, 0.02);
        for (int i = 0; i < 400; i++)
        {
            sprt.Observe(true, true);
        }

        Assert.Equal(0, GateBudget.MorePairsToDecide(sprt.Counts, sprt.State(), 0.02));
    }
}
