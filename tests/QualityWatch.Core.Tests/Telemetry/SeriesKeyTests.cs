using QualityWatch.Core.Telemetry;

namespace QualityWatch.Core.Tests.Telemetry;

public sealed class SeriesKeyTests
{
    [Fact]
    public void Keys_WithSameLabelsInAnyOrder_AreEqual()
    {
        var a = new SeriesKey("openai", "gpt-4o", "chat", new Dictionary<string, string> { ["region"] = "eu", ["suite"] = "math" });
        var b = new SeriesKey("openai", "gpt-4o", "chat", new Dictionary<string, string> { ["suite"] = "math", ["region"] = "eu" });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("openai/gpt-4o/chat{region=eu,suite=math}", a.Canonical);
    }

    [Fact]
    public void Keys_WithDifferentLabels_AreNotEqual()
    {
        Assert.NotEqual(SeriesKey.Of("openai", "gpt-4o"), SeriesKey.Of("openai", "gpt-4o-mini"));
    }
}
