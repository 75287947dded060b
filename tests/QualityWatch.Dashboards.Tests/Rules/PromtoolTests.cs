using QualityWatch.Dashboards.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace QualityWatch.Dashboards.Tests.Rules;

public sealed class PromtoolTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Fact]
    public async Task CheckRules_ShippedRules_SucceedsWithEveryRule()
    {
        var result = await ToolProcess.RunAsync(Promtool, ["check", "rules", RepositoryFiles.RulesFile]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"SUCCESS: {ShippedRules.File.Rules.Count()} rules found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_ShippedUnitTests_Pass()
    {
        var tests = Directory.GetFiles(RepositoryFiles.RuleTestsDirectory, "*.yaml");
        Assert.NotEmpty(tests);

        var result = await ToolProcess.RunAsync(Promtool, ["test", "rules", .. tests], RepositoryFiles.Root);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckRules_BrokenExpression_Fails()
    {
        // The same runner must see a failure when there is one.
        var path = Path.Combine(Directory.CreateTempSubdirectory("qw-rules-").FullName, "broken.yaml");
        await File.WriteAllTextAsync(path, "groups:\n  - name: broken\n    rules:\n      - record: a:b:c\n        expr: sum by (x (y)\n");

        var result = await ToolProcess.RunAsync(Promtool, ["check", "rules", path]);

        Assert.NotEqual(0, result.ExitCode);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void UnitTests_ShowEveryAlertFiringAndNotFiring()
    {
        var firing = new HashSet<string>(StringComparer.Ordinal);
        var silent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(RepositoryFiles.RuleTestsDirectory, "*.yaml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            foreach (var test in ((YamlSequenceNode)root["tests"]).OfType<YamlMappingNode>())
            {
                if (!test.Children.TryGetValue("alert_rule_test", out var alertTests))
                {
                    continue;
                }

                foreach (var alertTest in ((YamlSequenceNode)alertTests).OfType<YamlMappingNode>())
                {
                    var name = ((YamlScalarNode)alertTest["alertname"]).Value!;
                    var expected = (YamlSequenceNode)alertTest["exp_alerts"];
                    (expected.Children.Count > 0 ? firing : silent).Add(name);
                }
            }
        }

        var alerts = ShippedRules.File.Rules.Where(r => r.Alert is not null).Select(r => r.Alert!).ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, alert =>
        {
            Assert.True(firing.Contains(alert), $"no unit test shows {alert} firing");
            Assert.True(silent.Contains(alert), $"no unit test shows {alert} not firing");
        });
    }

    [Fact]
    public void AlertingRules_CarrySeverityKindAndSummary()
    {
        foreach (var alert in ShippedRules.File.Rules.Where(r => r.Alert is not null))
        {
            Assert.True(alert.Annotations.ContainsKey("summary"), $"{alert} has no summary");
            Assert.True(alert.Annotations.ContainsKey("description"), $"{alert} has no description");
            // QualityWatchAlertActive takes severity and kind from the qualitywatch_alerts_active series it keeps.
            var keepsLabels = alert.Expr.Contains("by (severity, kind", StringComparison.Ordinal);
            Assert.True(keepsLabels || (alert.Labels.ContainsKey("severity") && alert.Labels.ContainsKey("kind")), $"{alert} has no severity/kind");
        }
    }

    [Fact]
    public void BurnRateAlerts_CompareAgainstTheSloGaugeOverLongAndShortWindows()
    {
        var burnRate = ShippedRules.File.Rules.Where(r => r.Alert?.Contains("BurnRate", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, burnRate.Count);

        var budget = ShippedRules.File.Rules.Single(r => r.Record == "provider_model:qualitywatch_provider_error_budget:ratio");
        Assert.Contains("qualitywatch_provider_slo_target", budget.Expr, StringComparison.Ordinal);

        // Google SRE workbook, multiwindow multi-burn-rate: (long, short, factor).
        (string Long, string Short, string Factor)[] fast = [("1h", "5m", "14.4"), ("6h", "30m", "6")];
        (string Long, string Short, string Factor)[] slow = [("1d", "2h", "3"), ("3d", "6h", "1")];
        foreach (var (alert, windows) in new[] { (burnRate.Single(r => r.Alert!.EndsWith("Fast", StringComparison.Ordinal)), fast), (burnRate.Single(r => r.Alert!.EndsWith("Slow", StringComparison.Ordinal)), slow) })
        {
            foreach (var (longWindow, shortWindow, factor) in windows)
            {
                Assert.Contains($"ratio_rate{longWindow}\n", alert.Expr, StringComparison.Ordinal);
                Assert.Contains($"ratio_rate{shortWindow}\n", alert.Expr, StringComparison.Ordinal);
                Assert.Contains($"({factor} * provider_model:qualitywatch_provider_error_budget:ratio)", alert.Expr, StringComparison.Ordinal);
            }
        }
    }
}
