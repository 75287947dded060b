using QualityWatch.Canaries.Suites;

namespace QualityWatch.Canaries.Scheduling;

/// <summary>
/// Budget-neutral adaptive canaries (<see cref="CanariesOptions.AdaptiveBudgetNeutral"/>): the extra calls of a suite
/// run faster on a provider are paid for by deferring that provider's scheduled runs of suites not boosted there, so
/// a provider's canary calls do not grow beyond its schedule. The one rule, for <see cref="CanaryScheduler"/> and for
/// hosts that step rounds themselves (the demo, the simulator evaluation).
/// </summary>
/// <remarks>
/// Per provider the ledger keeps the net extra calls (<see cref="Debt"/>: extra calls made minus scheduled calls
/// deferred). A scheduled run is deferred while the debt is positive, so the debt never stays above zero once there is
/// something to defer, and never falls below minus one suite run: at rest, calls ≤ schedule. The debt is not capped:
/// a cap would forgive calls, breaking the bound exactly in the long bursts that spend the most. What bounds the cost
/// of a long burst instead is that a suite is never deferred at two scheduled runs in a row on a provider, so every
/// suite keeps at least half its schedule there while a debt is repaid, and a suspect suite is never deferred.
/// Thread-safe: <see cref="CanaryScheduler"/> calls it under its lock, but a host may share one between loops.
/// </remarks>
public sealed class AdaptiveCallLedger
{
    private readonly bool _budgetNeutral;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _debt = new(StringComparer.Ordinal);
    private readonly HashSet<(string Provider, string Suite)> _deferredLast = [];
    private long _extraCalls;
    private long _deferredRuns;
    private long _deferredCalls;

    /// <summary>Creates a ledger; with <paramref name="budgetNeutral"/> false it only counts, and defers nothing.</summary>
    public AdaptiveCallLedger(bool budgetNeutral = true) => _budgetNeutral = budgetNeutral;

    /// <summary>A ledger as <paramref name="options"/> configure it (<see cref="CanariesOptions.AdaptiveBudgetNeutral"/>).</summary>
    public static AdaptiveCallLedger For(CanariesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AdaptiveCallLedger(options.AdaptiveBudgetNeutral);
    }

    /// <summary>The calls one run of <paramref name="suite"/> makes on one provider (repeated cases count each time).</summary>
    public static int CallsOf(CanarySuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return suite.Cases.Sum(c => c.Repeat);
    }

    /// <summary>Extra calls made by adaptive runs, on every provider.</summary>
    public long ExtraCalls => Interlocked.Read(ref _extraCalls);

    /// <summary>Scheduled suite runs (one suite on one provider) deferred to pay for extra calls.</summary>
    public long DeferredRuns => Interlocked.Read(ref _deferredRuns);

    /// <summary>The calls those deferred runs would have made.</summary>
    public long DeferredCalls => Interlocked.Read(ref _deferredCalls);

    /// <summary>The provider's extra calls not yet repaid by deferrals (negative: deferrals overpaid by less than one run).</summary>
    public long Debt(string provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_gate)
        {
            return _debt.GetValueOrDefault(provider);
        }
    }

    /// <summary>Records an adaptive (extra) run of <paramref name="calls"/> calls on <paramref name="provider"/>.</summary>
    public void RecordExtra(string provider, int calls)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentOutOfRangeException.ThrowIfNegative(calls);
        lock (_gate)
        {
            Interlocked.Add(ref _extraCalls, calls);
            _debt[provider] = _debt.GetValueOrDefault(provider) + calls;
        }
    }

    /// <summary>
    /// Decides whether the scheduled run of <paramref name="suite"/> (<paramref name="calls"/> calls) on
    /// <paramref name="provider"/> is deferred, and records the decision: call it exactly once per scheduled run.
    /// Deferred when budget neutrality is on, the provider owes extra calls, the suite is not
    /// <paramref name="boosted"/> there (the suspect keeps its faster rate) and its previous scheduled run there was
    /// not deferred.
    /// </summary>
    public bool TryDefer(string provider, string suite, int calls, bool boosted)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentOutOfRangeException.ThrowIfNegative(calls);
        lock (_gate)
        {
            var key = (provider, suite);
            var debt = _debt.GetValueOrDefault(provider);
            if (!_budgetNeutral || boosted || calls == 0 || debt <= 0 || _deferredLast.Contains(key))
            {
                _deferredLast.Remove(key);
                return false;
            }

            _deferredLast.Add(key);
            _debt[provider] = debt - calls;
            Interlocked.Increment(ref _deferredRuns);
            Interlocked.Add(ref _deferredCalls, calls);
            return true;
        }
    }
}
