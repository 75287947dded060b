namespace QualityWatch.Dashboards.Tests.PromQl;

public sealed class PromQlConditionOperandsTests
{
    [Fact]
    public void Split_ComparisonWithThreshold_ReturnsTheSelectingSide()
    {
        Assert.Equal(["max by (a) (x)"], PromQlConditionOperands.Split("max by (a) (x) > 0"));
    }

    [Fact]
    public void Split_MultiWindowBurnRate_ReturnsEveryWindowAndThreshold()
    {
        var operands = PromQlConditionOperands.Split(
            "(r1h > on (p, m) (14.4 * b) and on (p, m) r5m > on (p, m) (14.4 * b))\nor\n(r6h > on (p) group_left (q) (6 * b) unless ignoring (z) r30m >= bool 1)");

        Assert.Equal(["r1h", "14.4 * b", "r5m", "14.4 * b", "r6h", "6 * b", "r30m"], operands);
    }

    [Fact]
    public void Split_LabelMatchersWithComparisonCharacters_AreNotSplit()
    {
        Assert.Equal(
            ["rate(x{error_type!=\"\", a=~\"b|c\", d!~\"e>f\"}[5m])"],
            PromQlConditionOperands.Split("rate(x{error_type!=\"\", a=~\"b|c\", d!~\"e>f\"}[5m]) < 3"));
    }

    [Fact]
    public void Split_NoOperator_ReturnsTheExpression()
    {
        Assert.Equal(["sum(rate(x[5m]))"], PromQlConditionOperands.Split("(sum(rate(x[5m])))"));
    }
}
