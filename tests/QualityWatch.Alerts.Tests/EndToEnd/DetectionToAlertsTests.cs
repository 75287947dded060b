using QualityWatch.Alerts.Tests.Infrastructure;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;

namespace QualityWatch.Alerts.Tests.EndToEnd;

/// <summary>
/// The real detection engine publishing into the alert pipeline: canary rounds for two providers, a quality fault on
/// one of them, recovery afterwards. The engine decides; the pipeline must keep it to one alert that auto-resolves.
/// </summary>
public sealed class DetectionToAlertsTests
{
    [Fact]
    public async Task DetectionEngine_QualityFaultOnOneProvider_GivesOneAlertThatResolvesAfterRecovery()
    {
        await using var app = await AlertsApp.StartAsync(new Dictionary<string, string?> { ["Alerts:AutoResolveAfter"] = "00:10:00" });
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(7);
        var start = DateTimeOffset.UtcNow.AddHours(-4);
        const int faultFrom = 60, faultTo = 100, rounds = 200;
        var resolvedAtRound = -1;

        for (var round = 0; round < rounds; round++)
        {
            var at = start.AddMinutes(round);
            var results = new List<CanaryResult>();
            foreach (var provider in new[] { "openai-prod", "anthropic-prod" })
            {
                var passRate = provider == "openai-prod" && round is >= faultFrom and < faultTo ? 0.70 : 0.99;
                for (var i = 0; i < 20; i++)
                {
                    var passed = random.NextDouble() < passRate;
                    results.Add(new CanaryResult("run-e2e", round + 1, at.AddSeconds(i), provider, "model-a", "arithmetic", $"case-{i}", "arithmetic",
                        passed ? CanaryOutcome.Passed : CanaryOutcome.Failed, TimeSpan.FromMilliseconds(700 + random.Next(200)), null, 30, 5, 0m, "stop", null,
                        $"{i * 6}", passed ? $"{i * 6}" : $"{(i * 6) + 1}", passed ? [] : ["answer mismatch"], "fp_1", new Dictionary<string, string>()));
                }
            }

            await engine.EvaluateAsync([], results, app.Sink, at.AddSeconds(30), CancellationToken.None);
            if (resolvedAtRound < 0 && (await app.Store.QueryAsync(new AlertQuery(State: AlertState.Resolved), CancellationToken.None)).Count > 0)
            {
                resolvedAtRound = round;
            }
        }

        var alert = Assert.Single(await app.Store.QueryAsync(new AlertQuery(), CancellationToken.None));
        Assert.Equal(FindingKinds.QualityRegression, alert.Kind);
        Assert.Equal("openai-prod", alert.Provider);
        Assert.Equal("arithmetic", alert.Suite);
        Assert.InRange(alert.FirstSeenAt, start.AddMinutes(faultFrom), start.AddMinutes(faultFrom + 15));
        Assert.NotEqual(AlertSeverity.Info, alert.Severity);
        Assert.NotEmpty(alert.Evidence.Examples);
        Assert.Equal(AlertState.Resolved, alert.State);
        Assert.Equal("auto", alert.ResolvedBy);
        Assert.InRange(resolvedAtRound, faultTo + 10, rounds - 1);
    }
}
