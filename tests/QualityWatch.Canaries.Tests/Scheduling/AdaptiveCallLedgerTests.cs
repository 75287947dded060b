using QualityWatch.Canaries.Scheduling;

namespace QualityWatch.Canaries.Tests.Scheduling;

/// <summary>
/// The budget-neutral rule: extra calls on a provider are repaid by deferring its other suites' scheduled runs, never
/// a suspect suite, never one suite twice in a row, and never another provider's.
/// </summary>
public sealed class AdaptiveCallLedgerTests
{
    [Fact]
    public void Nothing_is_deferred_while_a_provider_owes_nothing()
    {
        var ledger = new AdaptiveCallLedger();

        Assert.False(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.Equal(0, ledger.DeferredRuns);
        Assert.Equal(0, ledger.Debt("a"));
    }

    [Fact]
    public void An_extra_run_is_repaid_by_deferring_the_next_scheduled_run_of_another_suite_on_that_provider_only()
    {
        var ledger = new AdaptiveCallLedger();
        ledger.RecordExtra("a", 8);

        Assert.False(ledger.TryDefer("b", "format", 8, boosted: false));
        Assert.True(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.False(ledger.TryDefer("a", "code", 8, boosted: false));
        Assert.Equal(0, ledger.Debt("a"));
        Assert.Equal(1, ledger.DeferredRuns);
        Assert.Equal(8, ledger.DeferredCalls);
    }

    [Fact]
    public void The_boosted_suite_itself_is_never_deferred()
    {
        var ledger = new AdaptiveCallLedger();
        ledger.RecordExtra("a", 100);

        Assert.False(ledger.TryDefer("a", "factual", 8, boosted: true));
        Assert.Equal(100, ledger.Debt("a"));
    }

    [Fact]
    public void A_suite_is_never_deferred_at_two_scheduled_runs_in_a_row_however_large_the_debt()
    {
        var ledger = new AdaptiveCallLedger();
        ledger.RecordExtra("a", 10_000);

        var decisions = Enumerable.Range(0, 6).Select(_ => ledger.TryDefer("a", "format", 8, boosted: false)).ToArray();

        Assert.Equal([true, false, true, false, true, false], decisions);
        Assert.Equal(10_000 - (3 * 8), ledger.Debt("a"));
    }

    [Fact]
    public void A_debt_smaller_than_a_run_is_paid_by_a_whole_run_and_the_overpayment_is_carried_as_credit()
    {
        var ledger = new AdaptiveCallLedger();
        ledger.RecordExtra("a", 3);

        Assert.True(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.Equal(-5, ledger.Debt("a"));
        ledger.RecordExtra("a", 5);
        Assert.False(ledger.TryDefer("a", "code", 8, boosted: false));
    }

    [Fact]
    public void With_neutrality_off_extra_calls_are_counted_and_nothing_is_deferred()
    {
        var ledger = AdaptiveCallLedger.For(new CanariesOptions { AdaptiveBudgetNeutral = false });
        ledger.RecordExtra("a", 80);

        Assert.False(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.Equal(80, ledger.ExtraCalls);
        Assert.Equal(0, ledger.DeferredRuns);
    }

    [Fact]
    public void Over_a_long_sequence_of_bursts_calls_never_exceed_the_schedule_once_the_debt_can_be_repaid()
    {
        // Four suites of 8 calls every step on one provider; "factual" is boosted ×4 (3 extra runs) in bursts of a few
        // hours with quiet spells between, as a drifting suite's evidence rises and clears.
        string[] suites = ["factual", "format", "code", "arithmetic"];
        var ledger = new AdaptiveCallLedger();
        long scheduled = 0;
        long made = 0;
        var random = new Random(7);
        for (var step = 0; step < 2_000; step++)
        {
            var boostedNow = step % 200 < 30 + random.Next(10);
            if (boostedNow)
            {
                ledger.RecordExtra("a", 3 * 8);
                made += 3 * 8;
            }

            var deferredAtStep = new HashSet<string>();
            foreach (var suite in suites)
            {
                scheduled += 8;
                if (ledger.TryDefer("a", suite, 8, boosted: boostedNow && suite == "factual"))
                {
                    deferredAtStep.Add(suite);
                }
                else
                {
                    made += 8;
                }
            }

            // Calls beyond the schedule are exactly the debt, so the schedule is kept whenever the debt is repaid.
            Assert.Equal(made - scheduled, ledger.Debt("a"));
            Assert.True(ledger.Debt("a") > -8, $"step {step}: overpaid by a whole run");
            Assert.DoesNotContain("factual", boostedNow ? deferredAtStep : []);
        }

        // The last burst ended long before the end: everything has been repaid, with less than one run of credit.
        Assert.InRange(ledger.Debt("a"), -7, 0);
        Assert.True(made <= scheduled);
        Assert.True(ledger.DeferredRuns > 0);
    }
}
