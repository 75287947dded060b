using QualityWatch.Alerts.Lifecycle;

namespace QualityWatch.Alerts.Tests.Lifecycle;

public sealed class LineDiffTests
{
    [Fact]
    public void Compute_ChangedMiddleLine_MarksRemovedAndAdded()
    {
        var diff = LineDiff.Compute("a\nb\nc", "a\nx\nc");

        Assert.Equal(["  a", "- b", "+ x", "  c"], diff.ToArray());
    }

    [Fact]
    public void Compute_TruncatedAnswer_ShowsMissingTail()
    {
        Assert.Equal(["  def f():", "-     return 1"], LineDiff.Compute("def f():\n    return 1", "def f():").ToArray());
    }

    [Fact]
    public void Compute_MissingSide_IsEmpty() => Assert.Empty(LineDiff.Compute(null, "x"));
}
