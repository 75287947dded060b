using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using static QualityWatch.Detection.Tests.Engine.EngineFixtures;

namespace QualityWatch.Detection.Tests.Engine;

public sealed class StickyRoutingSignalTests
{
    private const int Sessions = 16;
    private const int CasesPerRound = 60;

    // The demo's settings: quality ARL₀ 2,000,000 per series.
    private static DetectionEngineOptions DemoOptions => new() { QualityArl0 = 2_000_000, MinimumDetectableDrop = 0.03 };

    private static string SessionName(int index) => $"qw-canary-openai-prod-{index:D2}";

    /// <summary>
    /// One round of 60 cases, each sent under session (case + round) mod 16 as the runner assigns them, so every case
    /// visits every session once in 16 rounds. <paramref name="passRate"/> gives a case's pass probability in a session.
    /// </summary>
    private static List<CanaryResult> Round(int round, Random random, Func<int, int, double> passRate) =>
        Enumerable.Range(0, CasesPerRound).Select(i =>
        {
            int session = (i + round) % Sessions;
            bool passed = random.NextDouble() < passRate(i, session);
            return Result(round, $"case-{i:D2}", passed) with { Session = SessionName(session) };
        }).ToList();

    [Fact]
    public void One_session_of_sixteen_failing_half_its_checks_raises_a_sticky_routing_finding_naming_that_session()
    {
        var engine = new DetectionEngine(DemoOptions);
        var random = new Random(3);
        for (int round = 1; round <= 100; round++)
        {
            Assert.Empty(engine.Process([], Round(round, random, (_, _) => 0.95), T0.AddMinutes(round)).Findings);
        }

        // Session 5 is now routed to a faulty pool: it passes half its checks, the other fifteen 95 %.
        var raised = new List<(int Round, Finding Finding)>();
        for (int round = 101; round <= 160 && raised.Count == 0; round++)
        {
            raised.AddRange(engine.Process([], Round(round, random, (_, s) => s == 5 ? 0.5 : 0.95), T0.AddMinutes(round)).Findings
                .Where(f => f.Detector == "session-cusum").Select(f => (round, f)));
        }

        var (at, finding) = Assert.Single(raised);
        Assert.Equal(FindingKinds.StickyRouting, finding.Kind);
        Assert.Equal(SessionName(5), finding.Segment["session"]);
        Assert.Equal("all", finding.Series.Labels["suite"]);
        // Session 5 gets about four checks a round: ten rounds are about 40 of its checks.
        Assert.True(at <= 115, $"raised in round {at}, {at - 100} rounds after session 5 was misrouted");
        Assert.InRange(finding.Current.Value, 0.2, 0.8);
        Assert.InRange(finding.Baseline.Value, 0.9, 0.97);
        Assert.Contains(SessionName(5), finding.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionName(4), finding.Summary, StringComparison.Ordinal);
        Assert.NotEmpty(finding.Examples);
        Assert.All(finding.Examples, e => Assert.Equal(SessionName(5), e.Attributes["session"]));
    }

    [Fact]
    public void A_long_healthy_run_with_cases_of_very_different_difficulty_stays_silent()
    {
        // Case difficulty from 65 % to 100 % (mean ≈ 90 %), the same in every session: 1,000 rounds are 60,000 checks,
        // more than three times the demo's 48 hours of one provider.
        var engine = new DetectionEngine(DemoOptions);
        var random = new Random(17);
        var difficulty = Enumerable.Range(0, CasesPerRound).Select(i => 0.65 + (0.35 * ((i * 37) % CasesPerRound) / (CasesPerRound - 1))).ToArray();
        int raised = 0;
        for (int round = 1; round <= 1_000; round++)
        {
            raised += engine.Process([], Round(round, random, (c, _) => difficulty[c]), T0.AddMinutes(round)).Findings.Count(f => f.Detector == "session-cusum");
        }

        Assert.Equal(0, raised);
        Assert.Contains(engine.Scores, s => s.Detector == "session-cusum");
    }

    [Fact]
    public void A_drop_shared_by_every_session_is_left_to_the_pass_rate_and_not_reported_as_sticky_routing()
    {
        var engine = new DetectionEngine(DemoOptions);
        var random = new Random(23);
        var findings = new List<Finding>();
        for (int round = 1; round <= 400; round++)
        {
            double rate = round <= 150 ? 0.95 : 0.85;
            findings.AddRange(engine.Process([], Round(round, random, (_, _) => rate), T0.AddMinutes(round)).Findings);
        }

        Assert.Contains(findings, f => f.Kind == FindingKinds.QualityRegression);
        Assert.DoesNotContain(findings, f => f.Detector == "session-cusum");
    }

    [Fact]
    public void A_sudden_large_drop_on_every_session_after_a_healthy_history_is_not_reported_as_sticky_routing()
    {
        // A top-k miscompile on the whole model: 95 % → 65 % at once. Compared with a pooled rate that still remembers
        // the healthy hours, every session would look misrouted; by the share of failures each gets, none does.
        var engine = new DetectionEngine(DemoOptions);
        var random = new Random(37);
        var findings = new List<Finding>();
        for (int round = 1; round <= 300; round++)
        {
            double rate = round <= 100 ? 0.95 : 0.65;
            findings.AddRange(engine.Process([], Round(round, random, (_, _) => rate), T0.AddMinutes(round)).Findings);
        }

        Assert.Contains(findings, f => f.Kind == FindingKinds.QualityRegression);
        Assert.DoesNotContain(findings, f => f.Detector == "session-cusum");
    }

    [Fact]
    public void Results_without_a_session_are_not_tested_for_sticky_routing()
    {
        var engine = new DetectionEngine(DemoOptions);
        var random = new Random(29);
        for (int round = 1; round <= 200; round++)
        {
            var results = Round(round, random, (_, _) => 0.95).Select(r => r with { Session = null }).ToList();
            Assert.DoesNotContain(engine.Process([], results, T0.AddMinutes(round)).Findings, f => f.Detector == "session-cusum");
        }

        Assert.DoesNotContain(engine.Scores, s => s.Detector == "session-cusum" && s.Value > 0);
    }

    [Fact]
    public void The_session_statistics_survive_a_snapshot_and_restore_and_alarm_in_the_same_round()
    {
        int? Run(bool restartHalfway)
        {
            var engine = new DetectionEngine(DemoOptions);
            var random = new Random(31);
            for (int round = 1; round <= 200; round++)
            {
                if (restartHalfway && round == 106)
                {
                    var restored = new DetectionEngine(DemoOptions);
                    restored.Restore(DetectionStateSnapshot.FromBytes(engine.Snapshot().Bytes.Span));
                    engine = restored;
                }

                var findings = engine.Process([], Round(round, random, (_, s) => round > 100 && s == 9 ? 0.5 : 0.95), T0.AddMinutes(round)).Findings;
                if (findings.Any(f => f.Detector == "session-cusum"))
                {
                    return round;
                }
            }

            return null;
        }

        var uninterrupted = Run(restartHalfway: false);

        Assert.NotNull(uninterrupted);
        Assert.True(uninterrupted > 106, $"the alarm came in round {uninterrupted}, before the restart it should straddle");
        Assert.Equal(uninterrupted, Run(restartHalfway: true));
    }
}
