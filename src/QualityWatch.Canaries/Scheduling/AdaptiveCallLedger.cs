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
/// deferred). A scheduled run is deferred while the debt is positive, never a suite boosted there, and never one suite
/// at two scheduled runs in a row on a provider, so every suite keeps at least half its schedule. The debt is never
/// forgiven (that would break the bound in the long bursts that spend the most); instead it is limited before it is
/// made: an extra run is made only when the debt with it can be repaid by the next scheduled run of the provider's
/// other deferrable suites (<see cref="TryRecordExtra"/>). A suite can therefore run faster by up to half the calls of
/// the provider's other suites per interval: the full multiplier for a small suite, less for one as large as the rest.
/// In a host that runs every suite at each step after the step's extra runs (the demo), the debt is back at or below
/// zero after every step, so calls never exceed the schedule; with per-suite intervals (<c>serve</c>) it is repaid
/// within one interval of each suite. Thread-safe: <see cref="CanaryScheduler"/> calls it under its lock, but a host
/// may share one between loops.
/// </remarks>
public sealed class AdaptiveCallLedger
{
    private readonly bool _budgetNeutral;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _debt = new(StringComparer.Ordinal);
    private readonly HashSet<(string Provider, string Suite)> _deferredLast = [];
    private readonly Dictionary<(string Provider, string Suite), int> _scheduledCalls = [];
    private long _extraCalls;
    private long _heldRuns;
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

    /// <summary>Extra runs not made because the provider's other suites could not repay them at their next scheduled run.</summary>
    public long HeldRuns => Interlocked.Read(ref _heldRuns);

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

    /// <summary>
    /// Decides whether an adaptive (extra) run of <paramref name="suite"/> (<paramref name="calls"/> calls) on
    /// <paramref name="provider"/> is made, and records it when it is. With budget neutrality it is made only when the
    /// provider's debt with it can be repaid by one scheduled run of each of its other suites that may be deferred next
    /// (not in <paramref name="boostedSuites"/>, the suites boosted on the provider now, and not deferred at their
    /// previous run); the suites are those this ledger has seen scheduled on the provider.
    /// </summary>
    public bool TryRecordExtra(string provider, string suite, int calls, IReadOnlyCollection<string> boostedSuites)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(boostedSuites);
        ArgumentOutOfRangeException.ThrowIfNegative(calls);
        lock (_gate)
        {
            var debt = _debt.GetValueOrDefault(provider) + calls;
            if (_budgetNeutral)
            {
                long repayable = 0;
                foreach (var ((p, other), otherCalls) in _scheduledCalls)
                {
                    if (p == provider && other != suite && !boostedSuites.Contains(other) && !_deferredLast.Contains((p, other)))
                    {
                        repayable += otherCalls;
                    }
                }

                if (debt > repayable)
                {
                    Interlocked.Increment(ref _heldRuns);
                    return false;
                }
            }

            Interlocked.Add(ref _extraCalls, calls);
            _debt[provider] = debt;
            return true;
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
            _scheduledCalls[key] = calls;
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
