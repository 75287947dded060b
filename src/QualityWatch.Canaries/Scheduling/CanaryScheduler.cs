using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Canaries.Scheduling;

/// <summary>
/// Runs each suite on its own interval (with jitter) through a shared <see cref="CanaryRunner"/>, whose per-provider
/// concurrency limits and daily budgets apply across suites. <see cref="RunDueAsync"/> is the whole schedule step,
/// so tests and the virtual-clock demo drive it without waiting; <see cref="RunAsync"/> loops on the runner's clock.
/// </summary>
public sealed class CanaryScheduler
{
    private readonly CanaryRunner _runner;
    private readonly CanariesOptions _options;
    private readonly Random _jitter;
    private readonly Dictionary<string, (DateTimeOffset Due, int Round)> _state = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Cronos.CronExpression> _cron = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Creates a scheduler; every suite of the runner is due at once.</summary>
    public CanaryScheduler(CanaryRunner runner, CanariesOptions options)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _runner = runner;
        _options = options;
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

    /// <summary>When <paramref name="suite"/> is next due.</summary>
    public DateTimeOffset NextDue(string suite)
    {
        lock (_gate)
        {
            return _state[suite].Due;
        }
    }

    /// <summary>The earliest time any suite is due.</summary>
    public DateTimeOffset NextDue()
    {
        lock (_gate)
        {
            return _state.Values.Min(s => s.Due);
        }
    }

    /// <summary>Runs every suite due at <paramref name="now"/> (each as its next round) and schedules its next run.</summary>
    public async Task<IReadOnlyList<CanaryResult>> RunDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(CanarySuite Suite, int Round)> due;
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
                }
            }
        }

        var batches = await Task.WhenAll(due.Select(d => _runner.RunSuitesAsync(d.Round, [d.Suite], cancellationToken))).ConfigureAwait(false);
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

    private TimeSpan IntervalOf(string suite)
    {
        var seconds = _options.SuiteIntervalSeconds.GetValueOrDefault(suite, _options.IntervalSeconds);
        // Called under _gate, which also guards the (non-thread-safe) seeded Random.
        var jitter = _jitter.NextDouble() * _options.Jitter;
        return TimeSpan.FromSeconds(seconds * (1 + jitter));
    }
}
