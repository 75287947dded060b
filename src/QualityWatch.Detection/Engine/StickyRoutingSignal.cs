using System.Globalization;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Statistics;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// Sticky routing: do canary failures concentrate on some sessions more than chance allows? A provider that routes per
/// user or session (the August 2025 context-window routing bug did) sends every call of a misrouted session to the
/// wrong pool, so that session fails far more often than the others while the pooled pass rate barely moves.
/// </summary>
/// <remarks>
/// Method: per provider × model, one Bernoulli CUSUM per session (Page 1954), each check tested against the pooled pass
/// rate p₀ of the latest <see cref="PooledWindow"/> checks of all sessions, tuned for p₁ = p₀ −
/// <see cref="DetectionEngineOptions.StickyRoutingDrop"/>. Because p₀ is the current pooled rate, a drop shared by every
/// session (a worse model) moves the reference with it and is left to the pass-rate CUSUM. The threshold is the
/// estimated-baseline threshold (<see cref="Sequential.CusumCalibration.ThresholdForEstimatedBaseline"/>) for p₀ estimated from the
/// window's checks, at ARL₀ = <see cref="DetectionEngineOptions.QualityArl0"/> checks per session chart. Every check
/// feeds exactly one session's chart, so the N charts together raise false alarms at about one per ARL₀ checks of the
/// provider × model, the rate of one pass-rate series (the union bound: N charts, each seeing 1/N of the checks).
/// The runner gives every case to every session once in any N rounds (<c>CanarySessions</c>), so a session's expected
/// pass rate is the pooled rate; case difficulty varying between cases makes a session's failure count less variable
/// than a binomial at the pooled rate, which only lengthens the in-control run.
/// </remarks>
internal sealed class StickyRoutingSignal(DetectionEngineOptions options, EpisodeRecovery recovery)
{
    internal const string Detector = "session-cusum";

    /// <summary>Checks of all sessions the pooled rate is taken over: about four hours at a round of 60 cases every
    /// ten minutes, long enough for a standard error under a point, short enough to follow a slow common drift.</summary>
    internal const int PooledWindow = 1_500;

    // p₀ moves with every check; on this grid it changes the cached threshold only a few times a day.
    private const double BaselineGrid = 0.005;

    private const int ExampleCapacity = 40;

    // As for the pass rate: recovered when the checks since the alarm are twice as strong evidence for p₀ as the alarm was for p₁.
    private const double RecoveryEvidenceFactor = 2;

    /// <summary>Feeds one round's answered results (one per case) of <paramref name="series"/> (the overall series).</summary>
    public void Observe(CanarySeriesState series, SeriesKey key, IReadOnlyList<CanaryResult> round, List<Finding> findings)
    {
        var state = series.SessionRouting;
        bool open = series.OpenKinds.Contains(FindingKinds.StickyRouting);
        var alarmed = new List<string>();
        DateTimeOffset at = round.Count > 0 ? round.Max(r => r.Timestamp) : default;
        foreach (var result in round.Where(r => r.Session is not null))
        {
            bool passed = result.Outcome == CanaryOutcome.Passed;
            var session = Session(state, result.Session!);
            session.Passed += passed ? 1 : 0;
            session.Total++;
            if (!passed)
            {
                Remember(state, result);
            }

            if (Reference(state) is { } reference)
            {
                var (p0, p1, h) = reference;
                if (open && session.Flagged && state.EpisodeBaseline is { } frozen)
                {
                    // Evidence for "back at the pooled rate", against the drop the alarm was for.
                    double q1 = Math.Max(0.005, frozen - options.StickyRoutingDrop);
                    session.RecoveryStatistic = Math.Max(0, session.RecoveryStatistic + (passed ? Math.Log(frozen / q1) : Math.Log((1 - frozen) / (1 - q1))));
                }

                if (Step(session, passed, p0, p1, h, result.Timestamp))
                {
                    alarmed.Add(result.Session!);
                    if (!session.Flagged)
                    {
                        session.Flagged = true;
                    }

                    // Alarmed (again): fresh evidence that this session is still misrouted.
                    session.RecoveryStatistic = 0;
                    state.EpisodeBaseline ??= p0;
                }
            }

            state.Pooled.Add(passed ? 1 : 0);
        }

        var current = Reference(state);
        series.Scores[Detector] = current is null ? 0 : Math.Clamp(state.Sessions.Values.Max(s => s.Statistic) / current.Value.H, 0, 1);
        if (alarmed.Count > 0 && series.OpenKinds.Add(FindingKinds.StickyRouting))
        {
            findings.Add(Raise(state, key, at));
            return;
        }

        var flagged = state.Sessions.Values.Where(s => s.Flagged).ToList();
        bool recovered = flagged.Count > 0 && current is { } c &&
            flagged.All(s => s.RecoveryStatistic >= RecoveryEvidenceFactor * c.H);
        recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.StickyRouting, recovered);
        if (!series.OpenKinds.Contains(FindingKinds.StickyRouting) && flagged.Count > 0)
        {
            foreach (var s in flagged)
            {
                s.Flagged = false;
                s.RecoveryStatistic = 0;
            }

            state.EpisodeBaseline = null;
        }
    }

    /// <summary>The pooled p₀, p₁ and the threshold; null until the window holds a warm-up's worth of checks.</summary>
    private (double P0, double P1, double H)? Reference(SessionHeterogeneityState state)
    {
        if (state.Pooled.Count < options.QualityWarmupChecks)
        {
            return null;
        }

        double rate = state.Pooled.Sum / state.Pooled.Count;
        double p0 = Math.Clamp(Math.Round(rate / BaselineGrid) * BaselineGrid, Math.Min(0.5, 1 - options.StickyRoutingDrop), 0.995);
        double p1 = Math.Max(0.005, p0 - options.StickyRoutingDrop);
        // The estimate's size in whole warm-ups, so a filling window costs a few calibrations, not one per check.
        long checks = state.Pooled.Count / options.QualityWarmupChecks * (long)options.QualityWarmupChecks;
        return (p0, p1, QualityMonitor.ThresholdFor(p0, p1, checks, options.QualityArl0));
    }

    private static bool Step(SessionCusumState session, bool passed, double p0, double p1, double h, DateTimeOffset at)
    {
        double next = session.Statistic + (passed ? Math.Log(p1 / p0) : Math.Log((1 - p1) / (1 - p0)));
        if (next <= 0)
        {
            session.Statistic = 0;
            session.ChangeStart = null;
            session.SincePassed = 0;
            session.SinceTotal = 0;
            return false;
        }

        if (session.Statistic <= 0)
        {
            session.ChangeStart = at;
        }

        session.Statistic = next;
        session.SincePassed += passed ? 1 : 0;
        session.SinceTotal++;
        if (next < h)
        {
            return false;
        }

        session.FlaggedPassRate = session.SincePassed / (double)session.SinceTotal;
        session.FlaggedChecks = session.SinceTotal;
        session.Statistic = 0;
        session.SincePassed = 0;
        session.SinceTotal = 0;
        return true;
    }

    private Finding Raise(SessionHeterogeneityState state, SeriesKey key, DateTimeOffset at)
    {
        var (p0, p1, h) = Reference(state)!.Value;
        var flagged = state.Sessions.Where(s => s.Value.Flagged).OrderBy(s => s.Value.FlaggedPassRate).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        var worst = flagged[0];
        long pooledTotal = state.Pooled.Count;
        long pooledPassed = (long)Math.Round(state.Pooled.Sum);
        var pooledInterval = WilsonInterval.Compute(pooledPassed, pooledTotal);
        long worstPassed = (long)Math.Round(worst.Value.FlaggedPassRate * worst.Value.FlaggedChecks);
        var worstInterval = WilsonInterval.Compute(worstPassed, worst.Value.FlaggedChecks);
        var segment = FindingFactory.Segment(key);
        segment["session"] = string.Join('|', flagged.Select(s => s.Key));
        string sessions = string.Join("; ", flagged.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Key} passed {s.Value.FlaggedPassRate:P1} of its last {s.Value.FlaggedChecks} checks ({s.Value.Passed} of {s.Value.Total} in all)")));
        var names = flagged.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return new Finding(
            FindingKinds.StickyRouting,
            Detector,
            key,
            segment,
            at,
            worst.Value.ChangeStart ?? flagged.Select(s => s.Value.ChangeStart).Min() ?? at,
            "CUSUM S (log-likelihood ratio)",
            h,
            h,
            null,
            Math.Exp(h),
            new ValueWithInterval(pooledPassed / (double)pooledTotal, pooledInterval.Low, pooledInterval.High, pooledTotal, "pass-rate"),
            new ValueWithInterval(worst.Value.FlaggedPassRate, worstInterval.Low, worstInterval.High, worst.Value.FlaggedChecks, "pass-rate"),
            $"Canary failures of {key.Provider}/{key.Model} concentrate on {flagged.Count} of {state.Sessions.Count} sessions: {sessions}, " +
            $"against {pooledPassed / (double)pooledTotal:P1} pooled over the latest {pooledTotal} checks (CUSUM per session tuned for {p0:P1} → {p1:P1}, ARL₀ {options.QualityArl0:N0}) — " +
            "requests of those sessions are likely routed to a different, faulty server pool (sticky routing).",
            state.RecentFailures.Where(e => names.Contains(e.Attributes.GetValueOrDefault("session") ?? string.Empty))
                .TakeLast(options.MaxExamples)
                .Select(e => new FindingExample(e.Timestamp, e.Title, e.Expected, e.Actual, e.Attributes)).ToList());
    }

    private static SessionCusumState Session(SessionHeterogeneityState state, string name)
    {
        if (!state.Sessions.TryGetValue(name, out var session))
        {
            session = new SessionCusumState();
            state.Sessions[name] = session;
        }

        return session;
    }

    private static void Remember(SessionHeterogeneityState state, CanaryResult result)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["session"] = result.Session!,
            ["case_id"] = result.CaseId,
            ["category"] = result.Category,
            ["suite"] = result.Suite,
        };
        if (result.FailureReasons.Count > 0)
        {
            attributes["failure_reasons"] = string.Join("; ", result.FailureReasons);
        }

        FindingFactory.WithTrace(attributes, result);
        state.RecentFailures.Add(new ExampleRecord
        {
            Timestamp = result.Timestamp,
            Title = $"{result.Suite}/{result.CaseId} failed in session {result.Session}",
            Expected = result.Expected,
            Actual = result.Actual,
            Attributes = attributes,
        });
        if (state.RecentFailures.Count > ExampleCapacity)
        {
            state.RecentFailures.RemoveAt(0);
        }
    }
}
