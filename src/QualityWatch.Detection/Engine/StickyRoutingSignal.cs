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
/// Method: a CUSUM per session on the <b>attribution of failures</b>, conditional on how many checks each session had.
/// Within one round, under "no session effect" each failure belongs to session s with probability πₛ = nₛ/n (its share
/// of the round's checks), whatever the pass rate is; under "session s is misrouted" its failure odds are multiplied
/// by an odds ratio θ, so a failure is its with probability θπₛ/(θπₛ + 1 − πₛ). Each failure is a Bernoulli step of every
/// session's chart. Because the test conditions on the round's failures, a drop shared by every session (a worse
/// model, a top-k miscompile) moves nothing: it is the pass-rate CUSUM's to find, and an earlier design that compared
/// each session with a four-hour pooled rate raised a false sticky-routing alarm in the first minutes of such a drop.
/// θ is the odds ratio of a failure rate <see cref="DetectionEngineOptions.StickyRoutingDrop"/> higher than the pooled
/// one (about 3.4 at a 95 % pass rate and 10 points); the null needs no estimate, so the threshold is the exact lattice
/// threshold (<see cref="Sequential.CusumCalibration.Threshold"/>) at πₛ = 1/N for N sessions, with ARL₀ = N ×
/// <see cref="DetectionEngineOptions.QualityArl0"/> failures per chart: the N charts together false-alarm at most about
/// once per ARL₀ failures (the union bound), fewer than once per ARL₀ checks. The runner gives every case to every
/// session once in any N rounds (<c>CanarySessions</c>), so case difficulty averages out over rounds.
/// </remarks>
internal sealed class StickyRoutingSignal(DetectionEngineOptions options, EpisodeRecovery recovery)
{
    internal const string Detector = "session-cusum";

    /// <summary>Checks of all sessions the pooled rate is taken over (it sets θ and is reported, it is not the null).</summary>
    internal const int PooledWindow = 1_500;

    // θ moves with the pooled rate; on this grid the cached threshold changes only a few times a day.
    private const double OddsGrid = 0.25;

    private const int ExampleCapacity = 40;

    // As for the pass rate: recovered when the failures since the alarm are twice as strong evidence for "no session
    // effect" as the alarm was for the misrouting.
    private const double RecoveryEvidenceFactor = 2;

    private readonly Dictionary<(int Sessions, double Odds), double> _thresholds = [];

    /// <summary>Feeds one round's answered results (one per case) of <paramref name="series"/> (the overall series).</summary>
    public void Observe(CanarySeriesState series, SeriesKey key, IReadOnlyList<CanaryResult> round, List<Finding> findings)
    {
        var state = series.SessionRouting;
        bool open = series.OpenKinds.Contains(FindingKinds.StickyRouting);
        var alarmed = new List<string>();
        var checks = round.Where(r => r.Session is not null).ToList();
        DateTimeOffset at = round.Count > 0 ? round.Max(r => r.Timestamp) : default;
        foreach (var result in checks)
        {
            bool passed = result.Outcome == CanaryOutcome.Passed;
            var session = Session(state, result.Session!);
            session.Passed += passed ? 1 : 0;
            session.Total++;
            if (session.ChangeStart is not null)
            {
                session.SincePassed += passed ? 1 : 0;
                session.SinceTotal++;
            }

            if (!passed)
            {
                Remember(state, result);
            }
        }

        var exposure = checks.GroupBy(r => r.Session!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var reference = Reference(state);
        if (reference is { } r && exposure.Count >= 2)
        {
            foreach (var failure in checks.Where(c => c.Outcome != CanaryOutcome.Passed))
            {
                foreach (var (name, count) in exposure)
                {
                    double share = count / (double)checks.Count;
                    double shareIfMisrouted = r.Odds * share / ((r.Odds * share) + 1 - share);
                    bool mine = string.Equals(failure.Session, name, StringComparison.Ordinal);
                    double step = mine ? Math.Log(shareIfMisrouted / share) : Math.Log((1 - shareIfMisrouted) / (1 - share));
                    var session = state.Sessions[name];
                    if (open && session.Flagged)
                    {
                        // Evidence for "no session effect", against the misrouting the alarm was for.
                        session.RecoveryStatistic = Math.Max(0, session.RecoveryStatistic - step);
                    }

                    if (Step(session, step, r.H, failure.Timestamp))
                    {
                        alarmed.Add(name);
                        session.Flagged = true;
                        // Alarmed (again): fresh evidence that this session is still misrouted.
                        session.RecoveryStatistic = 0;
                    }
                }
            }
        }

        foreach (var result in checks)
        {
            state.Pooled.Add(result.Outcome == CanaryOutcome.Passed ? 1 : 0);
        }

        var current = Reference(state);
        series.Scores[Detector] = current is null || state.Sessions.Count == 0 ? 0 : Math.Clamp(state.Sessions.Values.Max(s => s.Statistic) / current.Value.H, 0, 1);
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
        }
    }

    /// <summary>The odds ratio θ the charts are tuned for, from the pooled rate, and the threshold for the sessions seen;
    /// null until the pooled window holds a warm-up's worth of checks.</summary>
    private (double Odds, double H, double PooledRate)? Reference(SessionHeterogeneityState state)
    {
        if (state.Pooled.Count < options.QualityWarmupChecks || state.Sessions.Count < 2)
        {
            return null;
        }

        double rate = state.Pooled.Sum / state.Pooled.Count;
        double q0 = Math.Clamp(1 - rate, 0.005, 0.5);
        double q1 = Math.Min(0.95, q0 + options.StickyRoutingDrop);
        double odds = Math.Clamp(Math.Round(q1 * (1 - q0) / (q0 * (1 - q1)) / OddsGrid) * OddsGrid, 1.5, 50);
        int sessions = state.Sessions.Count;
        if (!_thresholds.TryGetValue((sessions, odds), out double h))
        {
            double share = 1.0 / sessions;
            double shareIfMisrouted = odds * share / ((odds * share) + 1 - share);
            // The lattice calibration counts the rarer outcome as the "failure": here, a failure being this session's.
            h = Sequential.CusumCalibration.Threshold(1 - share, 1 - shareIfMisrouted, sessions * options.QualityArl0);
            _thresholds[(sessions, odds)] = h;
        }

        return (odds, h, rate);
    }

    private static bool Step(SessionCusumState session, double step, double h, DateTimeOffset at)
    {
        double next = session.Statistic + step;
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
            session.SincePassed = 0;
            session.SinceTotal = 0;
        }

        session.Statistic = next;
        if (next < h)
        {
            return false;
        }

        session.FlaggedPassRate = session.SinceTotal > 0 ? session.SincePassed / (double)session.SinceTotal : session.Passed / (double)Math.Max(1, session.Total);
        session.FlaggedChecks = session.SinceTotal > 0 ? session.SinceTotal : session.Total;
        session.FlaggedSince = session.ChangeStart;
        session.Statistic = 0;
        session.ChangeStart = null;
        session.SincePassed = 0;
        session.SinceTotal = 0;
        return true;
    }

    private Finding Raise(SessionHeterogeneityState state, SeriesKey key, DateTimeOffset at)
    {
        var (odds, h, _) = Reference(state)!.Value;
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
            worst.Value.FlaggedSince ?? at,
            "CUSUM S (log-likelihood ratio)",
            h,
            h,
            null,
            Math.Exp(h),
            new ValueWithInterval(pooledPassed / (double)pooledTotal, pooledInterval.Low, pooledInterval.High, pooledTotal, "pass-rate"),
            new ValueWithInterval(worst.Value.FlaggedPassRate, worstInterval.Low, worstInterval.High, worst.Value.FlaggedChecks, "pass-rate"),
            $"Canary failures of {key.Provider}/{key.Model} concentrate on {flagged.Count} of {state.Sessions.Count} sessions: {sessions}, " +
            $"against {pooledPassed / (double)pooledTotal:P1} pooled over the latest {pooledTotal} checks (CUSUM per session on the share of failures it gets for its share of checks, tuned for failure odds ×{odds:0.##}, ARL₀ {options.QualityArl0:N0} failures) — " +
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
