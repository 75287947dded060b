using QualityWatch.Core.Text;

namespace QualityWatch.Core.Tests.Text;

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
    public void Compute_NullOrEmptySide_HasNoLines()
    {
        Assert.Equal(["+ x"], LineDiff.Compute(null, "x").ToArray());
        Assert.Equal(["- x"], LineDiff.Compute("x", string.Empty).ToArray());
    }

    [Fact]
    public void Compute_WindowsLineEndings_CompareEqualToUnixOnes()
    {
        Assert.Equal(["  a", "  b"], LineDiff.Compute("a\r\nb", "a\nb").ToArray());
    }

    [Fact]
    public void Compute_LongLineAndLongDiff_AreCutToTheLimits()
    {
        var diff = LineDiff.Compute("abcdef\n1\n2\n3", "abcdef\n4", maxLineLength: 3, maxLines: 2);

        Assert.Equal(["  abc…", "- 1", "  … 3 more lines"], diff.ToArray());
    }
}
