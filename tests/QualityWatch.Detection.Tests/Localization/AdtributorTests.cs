using QualityWatch.Detection.Localization;

namespace QualityWatch.Detection.Tests.Localization;

public sealed class AdtributorTests
{
    private static SegmentObservation Leaf(string provider, string region, string category, double expected, double actual) =>
        new(new Dictionary<string, string> { ["provider"] = provider, ["region"] = region, ["category"] = category }, expected, actual);

    [Fact]
    public void Localize_FailuresRiseOnlyInOneRegion_NamesThatRegion()
    {
        var leaves = new List<SegmentObservation>();
        foreach (var provider in new[] { "openai", "anthropic" })
        {
            foreach (var region in new[] { "eu", "us", "ap" })
            {
                foreach (var category in new[] { "math", "code" })
                {
                    double expected = 10;
                    double actual = region == "us" ? 40 : 10;
                    leaves.Add(Leaf(provider, region, category, expected, actual));
                }
            }
        }

        var result = Adtributor.Localize(leaves);

        Assert.NotNull(result);
        Assert.Equal("region", result.Dimension);
        Assert.Equal(["us"], result.Values);
        Assert.Equal(1.0, result.ExplanatoryPower, 9);
    }

    [Fact]
    public void Localize_UniformIncreaseEverywhere_ExplainsNothing()
    {
        var leaves = new[]
        {
            Leaf("openai", "eu", "math", 10, 20),
            Leaf("openai", "us", "math", 10, 20),
            Leaf("anthropic", "eu", "code", 10, 20),
            Leaf("anthropic", "us", "code", 10, 20),
        };

        Assert.Null(Adtributor.Localize(leaves));
    }

    [Fact]
    public void Localize_NoChange_ReturnsNull()
    {
        Assert.Null(Adtributor.Localize([Leaf("a", "eu", "math", 5, 5)]));
    }
}
