namespace QualityWatch.Dashboards.Tests.Support;

public sealed class PrometheusServerTests
{
    [Fact]
    public async Task Start_WithShippedRules_LoadsEveryRuleGroupAndAnswersQueries()
    {
        // Prometheus scrapes itself here: this proves the fixture and that the shipped rule file loads in a real
        // server; the end-to-end test points the same fixture at QualityWatch's collector.
        await using var prometheus = await PrometheusServer.StartAsync(["self"], [RepositoryFiles.RulesFile], TimeSpan.FromSeconds(1));

        var groups = await prometheus.RuleGroupsAsync();
        Assert.Equal(
            Rules.ShippedRules.File.Groups.Select(g => g.Name).Order(StringComparer.Ordinal),
            groups.Select(g => (string?)g!["name"]).Order(StringComparer.Ordinal));
        Assert.Equal(Rules.ShippedRules.File.Rules.Count(), groups.Sum(g => g!["rules"]!.AsArray().Count));

        PrometheusQueryResult up;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(250);
            up = await prometheus.QueryAsync("up{job=\"qualitywatch\"} == 1");
        }
        while (!up.HasData && DateTime.UtcNow < deadline);
        Assert.True(up.HasData, up.Body);

        var invalid = await prometheus.QueryAsync("sum by (x (y)");
        Assert.False(invalid.IsSuccess);
        Assert.Equal("bad_data", invalid.ErrorType);

        var empty = await prometheus.QueryAsync("qualitywatch_canary_pass_ratio");
        Assert.True(empty.IsSuccess);
        Assert.False(empty.HasData);
    }
}
