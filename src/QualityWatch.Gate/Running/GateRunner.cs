using QualityWatch.Core.Canaries;
using QualityWatch.Gate.Statistics;
using QualityWatch.Gate.Verdicts;

namespace QualityWatch.Gate.Running;

/// <summary>
/// Runs the suites against the candidate and the baseline in repeats of shuffled batches, looks at the
/// sequential test after every batch (once every case has run once), stops each suite as soon as it is decided,
/// and stops everything when the call budget is spent or a provider is unreachable.
/// </summary>
internal sealed class GateRunner(ICaseRunner runner, IBaselineSource baseline, GateOptions options)
{
    public async Task<GateRun> RunAsync(string candidate, IReadOnlyList<GateSuite> suites, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(candidate);
        ArgumentNullException.ThrowIfNull(suites);
        options.Validate();
        var runnable = suites.Where(s => s.Cases.Count > 0).ToList();
        if (runnable.Count == 0)
        {
            throw new ArgumentException("the suites contain no cases", nameof(suites));
        }

        var callsPerPair = baseline.CallsProvider ? 2 : 1;
        var totalCases = runnable.Sum(s => s.Cases.Count);
        // Bonferroni: each suite gets alpha / k so that a healthy release fails any suite with probability ≤ alpha.
        var suiteAlpha = options.Alpha / runnable.Count;
        var states = runnable.Select(s => new SuiteState(s, new PairedSprt(suiteAlpha, options.Beta, options.MaxDrop))).ToList();
        var maxCalls = options.MaxCalls ?? SizedBudget(states, callsPerPair, suiteAlpha);
        var pairs = new List<GatePair>();
        var missing = new List<GateCase>();
        var missingKeys = new HashSet<(string, string)>();
        var callsUsed = 0;
        var consecutiveUnavailable = 0;
        var unavailablePairs = 0;
        var budgetExhausted = false;
        VerdictDecision? releaseFailed = null;
        var releaseFailedBy = string.Empty;
        var pooled = new PairedSprt(options.Alpha, options.Beta, options.MaxDrop);

        for (var repeat = 1; repeat <= options.MaxRepeats && !budgetExhausted && releaseFailed is null && states.Any(s => s.Decision is null); repeat++)
        {
            if (options.MaxCalls is null && repeat > 1)
            {
                // Sized from the discordance seen so far: a flaky suite is given the pairs it needs to decide.
                maxCalls = Math.Max(maxCalls, SizedBudget(states, callsPerPair, suiteAlpha));
            }

            foreach (var (state, suiteIndex) in states.Select((s, i) => (s, i)).Where(x => x.s.Decision is null).ToList())
            {
                var batches = Shuffle(state.Suite.Cases, options.Seed + (7919 * repeat) + (104_729 * suiteIndex)).Chunk(options.BatchSize).ToList();
                for (var i = 0; i < batches.Count; i++)
                {
                    var affordable = (maxCalls - callsUsed) / callsPerPair;
                    if (affordable <= 0)
                    {
                        budgetExhausted = true;
                        break;
                    }

                    var batch = batches[i].Take(affordable).ToList();
                    foreach (var (gateCase, pair, calls) in await RunBatchAsync(candidate, batch, repeat, cancellationToken).ConfigureAwait(false))
                    {
                        callsUsed += calls;
                        if (pair is null)
                        {
                            if (missingKeys.Add((gateCase.Suite, gateCase.CaseId)))
                            {
                                missing.Add(gateCase);
                            }

                            continue;
                        }

                        pairs.Add(pair);
                        if (!pair.IsComplete)
                        {
                            unavailablePairs++;
                            if (++consecutiveUnavailable >= options.UnavailableAfterConsecutive)
                            {
                                return Unavailable(candidate, maxCalls, callsUsed, pairs, missing, runnable, DescribeUnavailable(candidate, pair, consecutiveUnavailable));
                            }

                            continue;
                        }

                        consecutiveUnavailable = 0;
                        state.Sprt.Observe(pair.Baseline.Outcome == CanaryOutcome.Passed, pair.Candidate.Outcome == CanaryOutcome.Passed);
                        pooled.Observe(pair.Baseline.Outcome == CanaryOutcome.Passed, pair.Candidate.Outcome == CanaryOutcome.Passed);
                    }

                    state.Repeats = repeat;
                    // No look before every case has run once: a suite is judged on all of its cases, and an early
                    // streak of a few flaky cases cannot end the run.
                    if (repeat > 1 || (i == batches.Count - 1 && batch.Count == batches[i].Length))
                    {
                        state.FirstRoundDone = true;
                        state.Decision = GateVerdictRules.Decide(state.Counts, state.Sprt.State(), suiteAlpha, options, final: false);
                        if (state.Decision is not null)
                        {
                            state.StoppedEarly = true;
                        }
                    }

                    // Once one suite fails, or all pairs pooled show a drop, the release has failed: spend nothing more.
                    releaseFailed = state.Decision is { Verdict: GateVerdict.Fail } ? state.Decision : PooledFailure(states, pooled, options);
                    releaseFailedBy = state.Decision is { Verdict: GateVerdict.Fail } ? $"suite '{state.Suite.Name}'" : "the pooled comparison";
                    if (releaseFailed is not null || state.Decision is not null)
                    {
                        break;
                    }

                    if (batch.Count < batches[i].Length)
                    {
                        budgetExhausted = true;
                        break;
                    }
                }

                if (budgetExhausted || releaseFailed is not null)
                {
                    break;
                }
            }

            if (releaseFailed is not null)
            {
                break;
            }
        }

        if (pairs.Count > 0 && (double)unavailablePairs / pairs.Count > options.MaxUnavailableShare)
        {
            var last = pairs.Last(p => !p.IsComplete);
            return Unavailable(candidate, maxCalls, callsUsed, pairs, missing, runnable, DescribeUnavailable(candidate, last, unavailablePairs) + $" ({unavailablePairs} of {pairs.Count} pairs)");
        }

        var planned = PlannedPairs(runnable, maxCalls / callsPerPair, options.MaxRepeats);
        var results = states.Select((state, index) =>
        {
            var sprt = state.Sprt.State();
            var decision = state.Decision
                ?? (releaseFailed is not null
                    ? new VerdictDecision(GateVerdict.Inconclusive, $"not finished: {releaseFailedBy} had already failed the release")
                    : WithCallsToDecide(GateVerdictRules.Decide(state.Counts, sprt, suiteAlpha, options, final: true)!, state.Counts, sprt, callsPerPair));
            return Summarise(state.Suite.Name, state.Suite.Cases.Count, state.Counts, sprt, suiteAlpha, decision, state.Repeats, state.StoppedEarly, Math.Max(state.Counts.Pairs, planned[index]), unfinished: state.Decision is null && releaseFailed is not null);
        }).ToList();

        var pooledCounts = pooled.Counts;
        var pooledSprt = pooled.State();
        var pooledDecision = GateVerdictRules.Decide(pooledCounts, pooledSprt, options.Alpha, options, final: true)!;
        var overall = Summarise(
            "overall",
            totalCases,
            pooledCounts,
            pooledSprt,
            options.Alpha,
            pooledDecision,
            results.Max(r => r.Repeats),
            results.All(r => r.StoppedEarly),
            results.Sum(r => r.PlannedPairs));
        var decisionOverall = GateVerdictRules.Combine(results.Select(r => (r.Name, r.Decision)).ToList(), pooledDecision);
        if (decisionOverall.Verdict == GateVerdict.Inconclusive && releaseFailed is null)
        {
            int morePairs = states.Where(s => s.Decision is null).Sum(s => GateBudget.MorePairsToDecide(s.Counts, s.Sprt.State(), options.MaxDrop));
            decisionOverall = decisionOverall with { Reason = decisionOverall.Reason + MoreCallsSentence(morePairs, callsPerPair) };
        }

        return new GateRun(candidate, baseline.Label, options, maxCalls, callsUsed, null, results, overall, decisionOverall, pairs, missing, runnable);
    }

    /// <summary>
    /// The default budget (no <c>--max-calls</c>): per suite the pairs <see cref="GateBudget.PairsToDecide"/> says it
    /// needs at the discordance seen so far, at least <see cref="GateOptions.Defaults.Rounds"/> rounds and at most
    /// <see cref="GateOptions.MaxRepeats"/> rounds; a decided suite keeps what it used. Recomputed before every round,
    /// never lowered, capped at <see cref="GateOptions.Defaults.MaxCallsCeiling"/> calls.
    /// </summary>
    private int SizedBudget(IReadOnlyList<SuiteState> states, int callsPerPair, double suiteAlpha)
    {
        long pairs = states.Sum(s => s.Decision is not null
            ? (long)s.Counts.Pairs
            : Math.Clamp(
                GateBudget.PairsToDecide(s.Counts, suiteAlpha, options.Beta, options.MaxDrop),
                (long)GateOptions.Defaults.Rounds * s.Suite.Cases.Count,
                (long)options.MaxRepeats * s.Suite.Cases.Count));
        return (int)Math.Min(pairs * callsPerPair, GateOptions.Defaults.MaxCallsCeiling);
    }

    private VerdictDecision WithCallsToDecide(VerdictDecision decision, PairCounts counts, SprtState sprt, int callsPerPair) =>
        decision.Verdict == GateVerdict.Inconclusive && sprt.Decision == SprtDecision.Continue
            ? decision with { Reason = decision.Reason + MoreCallsSentence(GateBudget.MorePairsToDecide(counts, sprt, options.MaxDrop), callsPerPair) }
            : decision;

    private static string MoreCallsSentence(int morePairs, int callsPerPair) =>
        morePairs <= 0
            ? string.Empty
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; about {morePairs * callsPerPair} more calls ({morePairs} more pairs at the discordance seen) would decide it — raise --max-calls");

    /// <summary>Pairs each suite gets if none stops early: the runner's own round-robin, replayed on the budget.</summary>
    internal static int[] PlannedPairs(IReadOnlyList<GateSuite> suites, int budgetPairs, int maxRepeats)
    {
        var planned = new int[suites.Count];
        var remaining = budgetPairs;
        for (var repeat = 1; repeat <= maxRepeats && remaining > 0; repeat++)
        {
            for (var i = 0; i < suites.Count && remaining > 0; i++)
            {
                var take = Math.Min(suites[i].Cases.Count, remaining);
                planned[i] += take;
                remaining -= take;
            }
        }

        return planned;
    }

    /// <summary>The pooled sequential test, looked at only once every suite has run every case once.</summary>
    private static VerdictDecision? PooledFailure(List<SuiteState> states, PairedSprt pooled, GateOptions options)
    {
        if (!states.All(s => s.FirstRoundDone))
        {
            return null;
        }

        var decision = GateVerdictRules.Decide(pooled.Counts, pooled.State(), options.Alpha, options, final: false);
        return decision is { Verdict: GateVerdict.Fail } ? decision with { Reason = $"all suites together: {decision.Reason}" } : null;
    }

    private SuiteResult Summarise(string name, int cases, PairCounts counts, SprtState sprt, double alpha, VerdictDecision decision, int repeats, bool stoppedEarly, int plannedPairs, bool unfinished = false)
    {
        // The same noise the sequential test assumes: what the run showed, at least the floor.
        var maxDrop = options.MaxDrop;
        var noise = Math.Max(maxDrop * PairedSprt.NoiseFloorFraction, counts.Pairs == 0 ? 0 : (double)counts.Improvements / counts.Pairs);
        return new SuiteResult(
            name,
            cases,
            counts,
            sprt,
            alpha,
            decision,
            repeats,
            stoppedEarly,
            plannedPairs,
            McNemarPower.MinimumDetectableDrop(plannedPairs, noise, alpha),
            McNemarExactTest.RegressionPValue(counts.Regressions, counts.Improvements),
            unfinished);
    }

    private GateRun Unavailable(string candidate, int maxCalls, int callsUsed, List<GatePair> pairs, List<GateCase> missing, IReadOnlyList<GateSuite> suites, string reason) =>
        new(candidate, baseline.Label, options, maxCalls, callsUsed, reason, [], null, null, pairs, missing, suites);

    private string DescribeUnavailable(string candidate, GatePair pair, int count)
    {
        var (side, provider, result) = pair.Candidate.Outcome == CanaryOutcome.Unavailable
            ? ("candidate", candidate, pair.Candidate)
            : ("baseline", baseline.Label, pair.Baseline);
        return $"{side} provider '{provider}' is unavailable ({result.ErrorType ?? "unknown error"}) on {count} pairs";
    }

    private async Task<(GateCase Case, GatePair? Pair, int Calls)[]> RunBatchAsync(string candidate, List<GateCase> batch, int repeat, CancellationToken cancellationToken)
    {
        var results = new (GateCase, GatePair?, int)[batch.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, batch.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (index, ct) => results[index] = await RunPairAsync(candidate, batch[index], repeat, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private async Task<(GateCase, GatePair?, int)> RunPairAsync(string candidate, GateCase gateCase, int repeat, CancellationToken cancellationToken)
    {
        if (!baseline.CallsProvider)
        {
            // A stored baseline costs nothing; look it up first so a case it lacks costs no candidate call either.
            var stored = await baseline.GetAsync(gateCase, repeat, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return (gateCase, null, 0);
            }

            var answer = await SafeCaseRunner.RunAsync(runner, candidate, gateCase, repeat, cancellationToken).ConfigureAwait(false);
            return (gateCase, new GatePair(gateCase, repeat, stored, answer), 1);
        }

        var baselineTask = baseline.GetAsync(gateCase, repeat, cancellationToken);
        var candidateTask = SafeCaseRunner.RunAsync(runner, candidate, gateCase, repeat, cancellationToken);
        var live = await baselineTask.ConfigureAwait(false);
        var result = await candidateTask.ConfigureAwait(false);
        return (gateCase, new GatePair(gateCase, repeat, live!, result), 2);
    }

    private static List<GateCase> Shuffle(IReadOnlyList<GateCase> cases, int seed)
    {
#pragma warning disable CA5394 // Case order only needs to be reproducible, not unpredictable.
        var random = new Random(seed);
        var order = cases.ToList();
        for (var i = order.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
#pragma warning restore CA5394

        return order;
    }

    private sealed class SuiteState(GateSuite suite, PairedSprt sprt)
    {
        public GateSuite Suite { get; } = suite;

        public PairedSprt Sprt { get; } = sprt;

        public PairCounts Counts => Sprt.Counts;

        public VerdictDecision? Decision { get; set; }

        public int Repeats { get; set; }

        public bool StoppedEarly { get; set; }

        public bool FirstRoundDone { get; set; }
    }
}
