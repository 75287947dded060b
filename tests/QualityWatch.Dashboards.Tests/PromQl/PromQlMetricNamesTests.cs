namespace QualityWatch.Dashboards.Tests.PromQl;

public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("rate(foo_total[5m])", "foo_total")]
    [InlineData("sum by (gen_ai_provider_name) (rate(a_bucket{le=\"0.1\", gen_ai_provider_name=~\"$provider\"}[$__rate_interval]))", "a_bucket")]
    [InlineData("histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))", "x_bucket")]
    [InlineData("a / on (p, m) group_left (q) b", "a b")]
    [InlineData("a offset 1h and b unless c or d", "a b c d")]
    [InlineData("sum(x) without (instance, job)", "x")]
    [InlineData("sum without (le) (x)", "x")]
    [InlineData("provider_model:metric:rate5m{p=\"x\"} > 0.5 * 1e3", "provider_model:metric:rate5m")]
    [InlineData("{__name__=\"up\", job=\"q\"}", "up")]
    [InlineData("count(ALERTS{alertstate=\"firing\"}) or vector(0)", "ALERTS")]
    [InlineData("max_over_time(foo[1h:5m]) > bool 3", "foo")]
    [InlineData("topk(10, max by (detector) (x))", "x")]
    [InlineData("label_replace(x, \"dst\", \"$1 metric_in_string\", \"src\", \"(.*)\")", "x")]
    [InlineData("# comment mentions not_a_metric\nfoo", "foo")]
    [InlineData("0x1F + foo - .5", "foo")]
    [InlineData("increase(x_total[$__range]) / ${scale}", "x_total")]
    [InlineData("sum by(a)(x) + Sum BY (b) (y)", "x y")]
    [InlineData("vector(1) * time()", "")]
    public void Extract_Expression_ReturnsOnlyMetricNames(string expression, string expected)
    {
        var names = PromQlMetricNames.Extract(expression);

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Extract_UnbalancedBraces_Throws()
    {
        Assert.Throws<FormatException>(() => PromQlMetricNames.Extract("rate(foo{a=\"b\"[5m])"));
    }
}
