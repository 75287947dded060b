using System.Globalization;
using System.Text;
using QualityWatch.Canaries;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Scheduling;
using QualityWatch.Cli.Serve;
using QualityWatch.Canaries.Scoring;
using QualityWatch.Canaries.Suites;
using QualityWatch.Cli.Demo;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Statistics;
using QualityWatch.Detection.Engine;
using QualityWatch.Detection.Sequential;
using QualityWatch.Simulator;
using QualityWatch.Simulator.Engine;
using QualityWatch.Simulator.Traffic;

namespace QualityWatch.Benchmarks.Detection.Simulation;

/// <summary>
/// Labelled evaluation on the provider simulator: the demo's plans (<see cref="DemoPlan"/>: routing bug, output
/// corruption, top-k miscompilation, latency drift, a healthy control model; and the all-healthy plan) are played
/// in process through the simulator's <c>ModelEngine</c> with the real canary suites and scoring and the real
/// <see cref="DetectionEngine"/> (configured as the demo configures it), for several seeds with fault start times moved
/// by up to ±3 hours. The HTTP, OTLP and SQLite legs the demo also exercises are skipped: they change no number here and
/// would make a run minutes instead of seconds. Deterministic for a given seed.
/// </summary>
internal static class SimulatorEvaluation
{
    private const int CallsPerMinute = 60;
    private const int CasesPerRound = 63;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan AfterFault = TimeSpan.FromHours(2);

    /// <summary>The demo's canary options (adaptive evidence 0.5, rate ×4).</summary>
    private static readonly CanariesOptions Adaptive = new();

    /// <summary>The demo's engine configuration: five providers × eight canary series watched at once.</summary>
    private static DetectionEngineOptions EngineOptions() => new() { QualityArl0 = 2_000_000, MinimumDetectableDrop = 0.03 };

    public static IReadOnlyList<SimulatedRun> Run(int faultRuns = 3, int healthyRuns = 1, double hours = 36, int seed = 20261121, int sessions = CanarySessions.DefaultCount)
    {
        var suites = SuiteLoader.LoadDirectory(DemoSuites.FindCanariesDirectory() ?? throw new DirectoryNotFoundException("canaries/ not found; run from the repository.")).Suites;
        var panel = DemoSuites.Panel(suites, CasesPerRound);
        var runs = new List<SimulatedRun>();
        var shifts = new Random(seed);
        for (int r = 0; r < faultRuns; r++)
        {
            var plan = DemoPlan.Create(DemoPlan.August2025, hours);
            plan = plan with { Faults = plan.Faults.Select(f => f with { Start = f.Start + TimeSpan.FromMinutes(shifts.Next(-180, 181)) }).ToList() };
            runs.Add(Play(plan, suites, panel, seed + r, sessions));
        }

        for (int r = 0; r < healthyRuns; r++)
        {
            runs.Add(Play(DemoPlan.Create(DemoPlan.Healthy, hours), suites, panel, seed + 100 + r, sessions));
        }

        return runs;
    }

    private static SimulatedRun Play(DemoPlan plan, IReadOnlyList<CanarySuite> suites, IReadOnlyList<CanarySuite> panel, int seed, int sessions)
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var engine = new ModelEngine(plan.SimulatorOptions(seed), new SuiteAnswerBook(suites), start);
        var detection = new DetectionEngine(EngineOptions());
        var providerOf = plan.Providers.ToDictionary(p => p.Model, p => p.SimulatorProvider, StringComparer.Ordinal);
        var models = plan.Providers.Select(p => p.Model).ToArray();
        var faultMinutes = plan.Faults.ToDictionary(f => f.Model, f => (int)f.Start.TotalMinutes, StringComparer.Ordinal);
        var findings = new List<SimulatedFinding>();
        var buckets = new MinuteBuckets();
        long healthyPoints = 0;
        int minutes = (int)plan.Length.TotalMinutes;
        int round = 0;
        var cases = panel.SelectMany(s => s.Cases).ToList();
        var passCounts = models.ToDictionary(m => m, _ => new long[4], StringComparer.Ordinal);
        var boosted = new List<(CanarySuite Suite, List<DemoProvider> Providers)>();
        var evidence = new DetectionCanaryEvidence(detection);
        long scheduledCalls = 0;
        var ledger = AdaptiveCallLedger.For(Adaptive);

        for (int minute = 0; minute < minutes; minute++)
        {
            var now = start.AddMinutes(minute);
            var random = new SplitMix64(StableHash.Of(seed, "traffic", minute));
            for (int i = 0; i < CallsPerMinute; i++)
            {
                var at = now + (TimeSpan.FromMinutes(1) * ((i + random.NextDouble()) / CallsPerMinute));
                var model = models[random.Next(models.Length)];
                var user = "user-" + random.Next(500).ToString(CultureInfo.InvariantCulture);
                var (prompt, _) = TrafficPrompts.Pick(random);
                var reply = engine.Answer(new SimulatedRequest(Protocol(providerOf[model]), model, prompt, prompt.Length, 2, user, 0.7, null, $"traffic:{user}:{minute / 60}"), at);
                buckets.Add(providerOf[model], reply);
            }

            var results = new List<CanaryResult>();
            int stepMinutes = (int)Step.TotalMinutes;
            if (minute % stepMinutes == 0)
            {
                // Adaptive canaries as the demo and serve's scheduler run them: a suite whose evidence on a provider's
                // model has reached half its alarm threshold also runs (multiplier − 1) extra times, spread over the step,
                // paid for by deferring scheduled runs of that provider's other suites (the scheduler's ledger).
                boosted = panel
                    .Select(suite => (Suite: suite, Providers: plan.Providers.Where(p => CanaryScheduler.IsBoosted(evidence, Adaptive, p.Name, p.Model, suite.Name)).ToList()))
                    .Where(b => b.Providers.Count > 0)
                    .ToList();
            }

            int extraRuns = (int)Math.Round(Adaptive.AdaptiveRateMultiplier) - 1;
            for (int extra = 1; extra <= extraRuns; extra++)
            {
                if (minute % stepMinutes == stepMinutes * extra / (extraRuns + 1))
                {
                    foreach (var (suite, providers) in boosted)
                    {
                        round++;
                        foreach (var provider in providers.Where(p => ledger.TryRecordExtra(p.Name, suite.Name, suite.Cases.Count, boosted.Where(b => b.Providers.Contains(p)).Select(b => b.Suite.Name).ToList())))
                        {
                            results.AddRange(suite.Cases.Select(c => Canary(engine, provider, c, round, now.AddSeconds(30), sessions)));
                        }
                    }
                }
            }

            if ((minute + 1) % stepMinutes == 0)
            {
                round++;
                foreach (var provider in plan.Providers)
                {
                    // One call per case here (the evaluation plays no repeats), so a suite's calls are its case count.
                    results.AddRange(panel
                        .Where(suite => !ledger.TryDefer(provider.Name, suite.Name, suite.Cases.Count, boosted.Any(b => b.Suite == suite && b.Providers.Contains(provider))))
                        .SelectMany(suite => suite.Cases)
                        .Select(c => Canary(engine, provider, c, round, now.AddSeconds(30), sessions)));
                    scheduledCalls += cases.Count;
                }
            }

            foreach (var r in results.Where(r => r.Outcome != CanaryOutcome.Unavailable))
            {
                // [passed before, answered before, passed after, answered after] the model's fault starts.
                int offset = faultMinutes.TryGetValue(r.Model, out var faultStart) && minute >= faultStart ? 2 : 0;
                passCounts[r.Model][offset] += r.Outcome == CanaryOutcome.Passed ? 1 : 0;
                passCounts[r.Model][offset + 1]++;
            }

            var evaluatedAt = now.AddMinutes(1);
            var minuteBuckets = buckets.Drain(now);
            var result = detection.Process(minuteBuckets, results, evaluatedAt);
            findings.AddRange(result.Findings.Select(f => new SimulatedFinding(f.Series.Model, f.Kind, f.Detector, minute, f.Series.Labels.GetValueOrDefault("suite"))));
            foreach (var model in models)
            {
                if (!faultMinutes.TryGetValue(model, out var faultAt) || minute < faultAt)
                {
                    healthyPoints += minuteBuckets.Count(b => b.Key.Model == model) + CanaryPoints(results, model);
                }
            }
        }

        var faults = plan.Faults.Select(f => new SimulatedFault(
            f.Scenario,
            f.Model,
            (int)f.Start.TotalMinutes,
            f.Duration is { } d ? (int)(f.Start + d).TotalMinutes : null,
            f.DetectedBy,
            passCounts[f.Model][0] / (double)Math.Max(1, passCounts[f.Model][1]),
            passCounts[f.Model][2] / (double)Math.Max(1, passCounts[f.Model][3]),
            OptimalDelayMinutes(passCounts[f.Model], cases.Count))).ToList();
        return new SimulatedRun(plan.Name, seed, faults, findings, healthyPoints, scheduledCalls, ledger.ExtraCalls, ledger.DeferredCalls);
    }

    /// <summary>One healthy point per canary series a step's results touched on the model: each suite's series and the
    /// model's all-suites series.</summary>
    private static int CanaryPoints(List<CanaryResult> results, string model)
    {
        int suites = results.Where(r => r.Model == model).Select(r => r.Suite).Distinct(StringComparer.Ordinal).Count();
        return suites == 0 ? 0 : suites + 1;
    }

    private static CanaryResult Canary(ModelEngine engine, DemoProvider provider, CanaryCase canaryCase, int round, DateTimeOffset at, int sessions)
    {
        var characters = canaryCase.Messages.Sum(m => m.Content.Length);
        // The runner's session identities (the demo's 16 per provider), sent as the simulator's sticky routing key:
        // the routing bug misroutes some of them, and session-cusum looks for it, as in the demo.
        var session = CanarySessions.For(provider.Name, canaryCase.Suite, canaryCase.Id, round, 0, sessions);
        var reply = engine.Answer(
            new SimulatedRequest(Protocol(provider.SimulatorProvider), provider.Model, canaryCase.LastUserMessage, characters, canaryCase.Messages.Count, session, canaryCase.Options.Temperature ?? 0, canaryCase.Options.MaxTokens, null),
            at);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reply.Error is { } error)
        {
            return new CanaryResult("evaluation", round, at, provider.Name, provider.Model, canaryCase.Suite, canaryCase.Id, canaryCase.Category, CanaryOutcome.Unavailable,
                TimeSpan.FromMilliseconds(100), null, null, null, 0m, null, error.ToString(), canaryCase.Expected, null, [], null, labels, Session: session);
        }

        var score = CanaryScoring.Score(canaryCase, reply.Text);
        return new CanaryResult("evaluation", round, at, provider.Name, provider.Model, canaryCase.Suite, canaryCase.Id, canaryCase.Category,
            score.Passed ? CanaryOutcome.Passed : CanaryOutcome.Failed, reply.Latency, reply.TimeToFirstToken, reply.InputTokens, reply.OutputTokens, 0m,
            reply.Truncated ? "length" : "stop", null, canaryCase.Expected, reply.Text, score.FailureReasons, reply.Fingerprint, labels, Session: session);
    }

    /// <summary>Per scenario: recall of any accepted finding kind and of each detector that caught it, with delays.</summary>
    public static IReadOnlyList<SimulatorRow> Score(IReadOnlyList<SimulatedRun> runs)
    {
        var rows = new List<SimulatorRow>();
        var faults = runs.SelectMany(r => r.Faults.Select(f => (Run: r, Fault: f))).ToList();
        foreach (var scenario in faults.GroupBy(f => f.Fault.Scenario, StringComparer.Ordinal))
        {
            var caught = scenario.Select(f => (f.Fault, Hits: Hits(f.Run, f.Fault))).ToList();
            rows.Add(Row(scenario.Key, "any of " + string.Join(", ", scenario.First().Fault.DetectedBy), caught.Select(c => (c.Fault, c.Hits.Select(h => h.Minute).DefaultIfEmpty(-1).Min())).ToList(), OptimalDelay(scenario.Key, scenario.Select(s => s.Fault).ToList())));
            foreach (var detector in caught.SelectMany(c => c.Hits).Select(h => $"{h.Detector} ({h.Kind})").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                rows.Add(Row(scenario.Key, detector, caught.Select(c => (c.Fault, c.Hits.Where(h => $"{h.Detector} ({h.Kind})" == detector).Select(h => h.Minute).DefaultIfEmpty(-1).Min())).ToList(), double.NaN));
            }
        }

        return rows;
    }

    /// <summary>Per detector: findings on healthy models and before each fault, per 1,000 healthy points.</summary>
    public static IReadOnlyList<FalseAlarmRow> FalseAlarms(IReadOnlyList<SimulatedRun> runs)
    {
        long points = runs.Sum(r => r.HealthyPoints);
        var falseAlarms = runs.SelectMany(r => r.Findings.Where(f => r.IsHealthy(f.Model, f.Minute))).ToList();
        var detectors = runs.SelectMany(r => r.Findings).Select(f => (f.Detector, f.Kind)).Distinct().ToList();
        return detectors
            .Select(d => new FalseAlarmRow(d.Detector, d.Kind, falseAlarms.Count(f => f.Detector == d.Detector && f.Kind == d.Kind), points))
            .OrderBy(r => r.Detector, StringComparer.Ordinal)
            .Append(new FalseAlarmRow("all detectors", "any", falseAlarms.Count, points))
            .ToList();
    }

    private static List<SimulatedFinding> Hits(SimulatedRun run, SimulatedFault fault)
    {
        int end = fault.EndMinute is { } e ? e + (int)AfterFault.TotalMinutes : int.MaxValue;
        return run.Findings
            .Where(f => string.Equals(f.Model, fault.Model, StringComparison.Ordinal) && fault.DetectedBy.Contains(f.Kind, StringComparer.Ordinal) && f.Minute >= fault.StartMinute && f.Minute <= end)
            .ToList();
    }

    private static SimulatorRow Row(string scenario, string detector, List<(SimulatedFault Fault, int FirstMinute)> outcomes, double optimal)
    {
        var delays = outcomes.Where(o => o.FirstMinute >= 0).Select(o => (double)(o.FirstMinute - o.Fault.StartMinute)).ToList();
        return new SimulatorRow(scenario, detector, outcomes.Count, delays.Count, delays.Count == 0 ? double.NaN : delays.Average(), optimal);
    }

    /// <summary>
    /// The optimal delay for a pass-rate drop p₀ → p₁ on the provider's canaries (all suites, one check per case): the
    /// CUSUM tuned to the true p₀ and p₁ (optimal in Lorden's sense, Moustakides 1986) at the engine's ARL₀, its mean
    /// delay from a fresh start computed exactly on the lattice Markov chain (<see cref="CusumCalibration.Arl"/>), in
    /// minutes at the canary rate. p₀ and p₁ are the pass rates measured in the run before and after the fault started.
    /// </summary>
    private static double? OptimalDelayMinutes(long[] counts, int casesPerRound)
    {
        if (counts[1] == 0 || counts[3] == 0)
        {
            return null;
        }

        double p0 = counts[0] / (double)counts[1];
        double p1 = counts[2] / (double)counts[3];
        if (p1 >= p0 - 0.005 || p1 <= 0)
        {
            return null;
        }

        double h = CusumCalibration.Threshold(p0, p1, EngineOptions().QualityArl0);
        double checks = CusumCalibration.Arl(p0, p1, p1, h);
        return checks / (casesPerRound / Step.TotalMinutes);
    }

    private static double OptimalDelay(string scenario, IReadOnlyList<SimulatedFault> faults) =>
        string.Equals(scenario, "topk-miscompile", StringComparison.Ordinal) && faults.All(f => f.OptimalDelayMinutes is not null)
            ? faults.Average(f => f.OptimalDelayMinutes!.Value)
            : double.NaN;

    public static string ToMarkdown(IReadOnlyList<SimulatedRun> runs)
    {
        var rows = Score(runs);
        var falseAlarms = FalseAlarms(runs);
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Simulator runs: {runs.Count(r => r.Faults.Count > 0)} with faults + {runs.Count(r => r.Faults.Count == 0)} healthy, {runs.Sum(r => r.HealthyPoints):N0} healthy points; canary calls {runs.Sum(r => r.CanaryCalls):N0}, of which adaptive {runs.Sum(r => r.AdaptiveCanaryCalls):N0}, less {runs.Sum(r => r.DeferredCanaryCalls):N0} scheduled calls deferred to pay for them (net {runs.Sum(r => r.CanaryCalls) - runs.Sum(r => r.ScheduledCanaryCalls):+#,0;-#,0;0} calls, {(runs.Sum(r => r.CanaryCalls) - runs.Sum(r => r.ScheduledCanaryCalls)) / (double)Math.Max(1, runs.Sum(r => r.ScheduledCanaryCalls)):+0.00 %;-0.00 %;0.00 %} against the schedule).");
        foreach (var scenario in runs.SelectMany(r => r.Faults).GroupBy(f => f.Scenario, StringComparer.Ordinal))
        {
            var first = runs.SelectMany(r => r.Faults.Where(f => f.Scenario == scenario.Key).Select(f => Hits(r, f).OrderBy(h => h.Minute).FirstOrDefault()))
                .Zip(runs.SelectMany(r => r.Faults.Where(f => f.Scenario == scenario.Key)))
                .Select(x => x.First is not { } h ? "missed" : $"{h.Detector}{(h.Suite is null ? " (traffic)" : $" (suite={h.Suite})")} after {h.Minute - x.Second.StartMinute} min");
            sb.AppendLine(c, $"- {scenario.Key} on {scenario.First().Model}: canary pass rate {scenario.Average(f => f.PassRateBefore):P1} before, {scenario.Average(f => f.PassRateAfter):P1} after the start; starts at {string.Join(", ", scenario.Select(f => $"{f.StartMinute / 60.0:F1} h"))}; first caught by {string.Join(", ", first)}.");
        }

        sb.AppendLine();
        sb.AppendLine("| Scenario | Detector (finding kind) | Faults | Recall | Mean delay | Optimal delay |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            string delay = double.IsNaN(r.MeanDelayMinutes) ? "—" : r.MeanDelayMinutes.ToString("F0", c) + " min";
            string optimal = double.IsNaN(r.OptimalDelayMinutes) ? "—" : r.OptimalDelayMinutes.ToString("F0", c) + " min";
            sb.AppendLine(c, $"| {r.Scenario} | {r.Detector} | {r.Faults} | {r.Detected / (double)r.Faults:P0} | {delay} | {optimal} |");
        }

        sb.AppendLine();
        sb.AppendLine("| Detector | Kind | False alarms | Per 1,000 healthy points |");
        sb.AppendLine("|---|---|---:|---:|");
        foreach (var r in falseAlarms)
        {
            sb.AppendLine(c, $"| {r.Detector} | {r.Kind} | {r.FalseAlarms} | {r.Per1000:F3} |");
        }

        foreach (var run in runs)
        {
            foreach (var f in run.Findings.Where(f => run.IsHealthy(f.Model, f.Minute)))
            {
                sb.AppendLine(c, $"- false alarm: {f.Detector} ({f.Kind}) on {f.Model}{(f.Suite is null ? " (traffic)" : $" (suite={f.Suite})")} at {f.Minute / 60.0:F1} h of the {run.Plan} run, seed {run.Seed}.");
            }
        }

        return sb.ToString();
    }

    private static WireProtocol Protocol(string simulatorProvider) => simulatorProvider switch
    {
        "anthropic" => WireProtocol.Anthropic,
        "gcp.gemini" => WireProtocol.Gemini,
        _ => WireProtocol.OpenAi,
    };
}
