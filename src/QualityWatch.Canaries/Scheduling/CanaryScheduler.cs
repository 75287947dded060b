using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Canaries.Scheduling;

/// <summary>
/// Runs each suite on its own interval (with jitter) through a shared <see cref="CanaryRunner"/>, whose per-provider
/// concurrency limits and daily budgets apply across suites. <see cref="RunDueAsync"/> is the whole schedule step,
/// so tests and the virtual-clock demo drive it without waiting; <see cref="RunAsync"/> loops on the runner's clock.
/// With an <see cref="ICanaryEvidence"/>, a suite also runs on a provider whose evidence has reached
/// <see cref="CanariesOptions.AdaptiveEvidence"/> every interval ÷ <see cref="CanariesOptions.AdaptiveRateMultiplier"/>
/// (adaptive canaries), and falls back to its schedule when the evidence clears. Those extra calls are paid for by
/// deferring the provider's scheduled runs of other suites (<see cref="AdaptiveCallLedger"/>) unless
/// <see cref="CanariesOptions.AdaptiveBudgetNeutral"/> is off.
/// </summary>
public sealed class CanaryScheduler
{
    private readonly CanaryRunner _runner;
    private readonly CanariesOptions _options;
    private readonly Random _jitter;
    private readonly Dictionary<string, (DateTimeOffset Due, int Round)> _state = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Cronos.CronExpression> _cron = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Suite, string Provider), DateTimeOffset> _lastRun = [];
    private readonly ICanaryEvidence? _evidence;
    private readonly AdaptiveCallLedger _ledger;
    private readonly Lock _gate = new();
    private long _boostedRuns;

    /// <summary>Creates a scheduler; every suite of the runner is due at once.</summary>
    public CanaryScheduler(CanaryRunner runner, CanariesOptions options, ICanaryEvidence? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _runner = runner;
        _options = options;
        _evidence = options.AdaptiveRateMultiplier > 1 ? evidence : null;
        _ledger = AdaptiveCallLedger.For(options);
        _jitter = options.JitterSeed is { } seed ? new Random(seed) : Random.Shared;
        foreach (var suite in runner.Options.Suites)
        {
            _state[suite.Name] = (DateTimeOffset.MinValue, 0);
            if (options.SuiteCron.TryGetValue(suite.Name, out var expression))
            {
                _cron[suite.Name] = Cronos.CronExpression.Parse(expression);
            }
        }
    }

    /// <summary>Extra runs of a suite on one provider because its evidence was rising (adaptive canaries).</summary>
    public long BoostedRuns => Interlocked.Read(ref _boostedRuns);

    /// <summary>Scheduled runs of a suite on one provider deferred to pay for boosted runs there (budget-neutral adaptive canaries).</summary>
    public long DeferredRuns => _ledger.DeferredRuns;

    /// <summary>Extra runs not made because the provider's other suites could not have repaid them (budget-neutral adaptive canaries).</summary>
    public long HeldRuns => _ledger.HeldRuns;

    /// <summary>When <paramref name="suite"/> is next due.</summary>
    public DateTimeOffset NextDue(string suite)
    {
        lock (_gate)
        {
            return _state[suite].Due;
        }
    }

    /// <summary>The earliest time any suite is due, an extra run of a suite under rising evidence included.</summary>
    public DateTimeOffset NextDue()
    {
        lock (_gate)
        {
            var next = _state.Values.Min(s => s.Due);
            foreach (var (suite, provider, lastRun) in Boosted())
            {
                var due = lastRun + BoostInterval(suite);
                next = due < next ? due : next;
            }

            return next;
        }
    }

    /// <summary>Runs every suite due at <paramref name="now"/> (each as its next round) and schedules its next run.</summary>
    public async Task<IReadOnlyList<CanaryResult>> RunDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(CanarySuite Suite, int Round)> due;
        List<(CanarySuite Suite, int Round, List<string> Providers)> scheduled = [];
        List<(CanarySuite Suite, int Round, List<string> Providers)> boosted = [];
        lock (_gate)
        {
            due = [];
            foreach (var suite in _runner.Options.Suites)
            {
                var (nextDue, round) = _state[suite.Name];
                if (nextDue == DateTimeOffset.MinValue && _cron.ContainsKey(suite.Name))
                {
                    // A cron suite waits for its first occurrence rather than running at start-up.
                    _state[suite.Name] = (NextDue(suite.Name, now), round);
                    continue;
                }

                if (nextDue <= now)
                {
                    due.Add((suite, round + 1));
                    _state[suite.Name] = (NextDue(suite.Name, now), round + 1);
                    // Deferred providers included: a deferred suite is not boosted there, and a boosted one is never
                    // deferred, so its extra runs still count from this scheduled run.
                    foreach (var target in _runner.Options.Targets)
                    {
                        _lastRun[(suite.Name, target.Options.Name)] = now;
                    }
                }
            }

            var boostedNow = Boosted();
            foreach (var group in boostedNow.Where(b => b.LastRun + BoostInterval(b.Suite) <= now).GroupBy(b => b.Suite))
            {
                var suite = _runner.Options.Suites.First(s => s.Name == group.Key);
                // An extra run the provider's other suites cannot repay is held (and tried again a boost interval later).
                foreach (var (_, provider, _) in group)
                {
                    _lastRun[(suite.Name, provider)] = now;
                }

                var providers = group.Select(b => b.Provider)
                    .Where(p => _ledger.TryRecordExtra(p, suite.Name, AdaptiveCallLedger.CallsOf(suite), boostedNow.Where(b => b.Provider == p).Select(b => b.Suite).ToList()))
                    .ToList();
                if (providers.Count == 0)
                {
                    continue;
                }

                var (nextDue, round) = _state[suite.Name];
                // An extra run takes the suite's next round number, so rounds stay unique within the run.
                boosted.Add((suite, round + 1, providers));
                _state[suite.Name] = (nextDue, round + 1);
            }

            // Deferrals are decided after this step's extra runs are recorded, so a burst is paid for from its first step.
            foreach (var (suite, round) in due)
            {
                var providers = new List<string>();
                foreach (var target in _runner.Options.Targets)
                {
                    var provider = target.Options.Name;
                    if (!_ledger.TryDefer(provider, suite.Name, AdaptiveCallLedger.CallsOf(suite), IsBoosted(_evidence, _options, target, suite.Name)))
                    {
                        providers.Add(provider);
                    }
                }

                if (providers.Count > 0)
                {
                    scheduled.Add((suite, round, providers));
                }
            }
        }

        Interlocked.Add(ref _boostedRuns, boosted.Sum(b => b.Providers.Count));
        var batches = await Task.WhenAll(scheduled.Select(d => _runner.RunSuitesAsync(d.Round, [d.Suite], cancellationToken, d.Providers.Count == _runner.Options.Targets.Count ? null : d.Providers))
            .Concat(boosted.Select(b => _runner.RunSuitesAsync(b.Round, [b.Suite], cancellationToken, b.Providers)))).ConfigureAwait(false);
        return batches.SelectMany(b => b).ToList();
    }

    /// <summary>Runs due suites until cancelled, sleeping on the runner's clock in between.</summary>
    public async Task RunAsync(Action<IReadOnlyList<CanaryResult>>? onResults, CancellationToken cancellationToken)
    {
        var clock = _runner.Options.TimeProvider;
        while (!cancellationToken.IsCancellationRequested)
        {
            var results = await RunDueAsync(clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (results.Count > 0)
            {
                onResults?.Invoke(results);
            }

            var wait = NextDue() - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The suite's next occurrence after <paramref name="now"/> when it has a cron expression, otherwise
    /// <paramref name="now"/> plus its interval with jitter.</summary>
    private DateTimeOffset NextDue(string suite, DateTimeOffset now) =>
        _cron.TryGetValue(suite, out var cron)
            ? cron.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue
            : now + IntervalOf(suite);

    /// <summary>
    /// Whether <paramref name="suite"/> runs faster on <paramref name="target"/>: adaptive canaries are on and its
    /// evidence has reached <see cref="CanariesOptions.AdaptiveEvidence"/>. The one rule, for this scheduler and for
    /// hosts that step rounds themselves (the demo).
    /// </summary>
    public static bool IsBoosted(ICanaryEvidence? evidence, CanariesOptions options, CanaryTarget target, string suite)
    {
        ArgumentNullException.ThrowIfNull(target);
        return IsBoosted(evidence, options, target.Options.Name, target.Options.Model, suite);
    }

    /// <summary>The same rule for a provider and model named directly (hosts without runner targets, such as the
    /// simulator evaluation).</summary>
    public static bool IsBoosted(ICanaryEvidence? evidence, CanariesOptions options, string provider, string model, string suite)
    {
        ArgumentNullException.ThrowIfNull(options);
        return evidence is not null && options.AdaptiveRateMultiplier > 1
            && evidence.Of(provider, model, suite) >= options.AdaptiveEvidence;
    }

    /// <summary>The suites and providers whose evidence is at the adaptive threshold, with their last run; called under _gate.</summary>
    private List<(string Suite, string Provider, DateTimeOffset LastRun)> Boosted()
    {
        var boosted = new List<(string, string, DateTimeOffset)>();
        if (_evidence is null)
        {
            return boosted;
        }

        foreach (var suite in _runner.Options.Suites)
        {
            foreach (var target in _runner.Options.Targets)
            {
                // A suite not run yet on this provider has no evidence to act on.
                if (_lastRun.TryGetValue((suite.Name, target.Options.Name), out var lastRun)
                    && IsBoosted(_evidence, _options, target, suite.Name))
                {
                    boosted.Add((suite.Name, target.Options.Name, lastRun));
                }
            }
        }

        return boosted;
    }

    /// <summary>The suite's interval (its configured one, or the default for a cron suite) divided by the multiplier.</summary>
    private TimeSpan BoostInterval(string suite) =>
        TimeSpan.FromSeconds(_options.SuiteIntervalSeconds.GetValueOrDefault(suite, _options.IntervalSeconds) / _options.AdaptiveRateMultiplier);

    private TimeSpan IntervalOf(string suite)
    {
        var seconds = _options.SuiteIntervalSeconds.GetValueOrDefault(suite, _options.IntervalSeconds);
        // Called under _gate, which also guards the (non-thread-safe) seeded Random.
        var jitter = _jitter.NextDouble() * _options.Jitter;
        return TimeSpan.FromSeconds(seconds * (1 + jitter));
    }
}
