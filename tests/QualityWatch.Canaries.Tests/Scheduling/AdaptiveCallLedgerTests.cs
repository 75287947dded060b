using QualityWatch.Canaries.Scheduling;

namespace QualityWatch.Canaries.Tests.Scheduling;

/// <summary>
/// The budget-neutral rule: extra calls on a provider are repaid by deferring its other suites' scheduled runs, never
/// a suspect suite, never one suite twice in a row, never another provider's, and an extra run is made only when it
/// can be repaid so.
/// </summary>
public sealed class AdaptiveCallLedgerTests
{
    private static readonly string[] Suspect = ["factual"];

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
        var ledger = Seen(("a", "factual", 8), ("a", "format", 8), ("a", "code", 8), ("b", "format", 8));

        Assert.True(ledger.TryRecordExtra("a", "factual", 8, Suspect));
        Assert.False(ledger.TryDefer("b", "format", 8, boosted: false));
        Assert.False(ledger.TryDefer("a", "factual", 8, boosted: true));
        Assert.True(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.False(ledger.TryDefer("a", "code", 8, boosted: false));
        Assert.Equal(0, ledger.Debt("a"));
        Assert.Equal(1, ledger.DeferredRuns);
        Assert.Equal(8, ledger.DeferredCalls);
        Assert.Equal(8, ledger.ExtraCalls);
    }

    [Fact]
    public void The_boosted_suite_itself_is_never_deferred()
    {
        var ledger = Seen(("a", "factual", 8), ("a", "format", 8));
        Assert.True(ledger.TryRecordExtra("a", "factual", 8, Suspect));

        Assert.False(ledger.TryDefer("a", "factual", 8, boosted: true));
        Assert.Equal(8, ledger.Debt("a"));
    }

    [Fact]
    public void An_extra_run_the_other_suites_cannot_repay_at_their_next_run_is_held()
    {
        // Two other suites of 8 calls: 16 calls can be repaid, so two extra runs of 8 are made and the third is held.
        var ledger = Seen(("a", "factual", 8), ("a", "format", 8), ("a", "code", 8));

        Assert.True(ledger.TryRecordExtra("a", "factual", 8, Suspect));
        Assert.True(ledger.TryRecordExtra("a", "factual", 8, Suspect));
        Assert.False(ledger.TryRecordExtra("a", "factual", 8, Suspect));
        Assert.Equal(1, ledger.HeldRuns);
        Assert.Equal(16, ledger.Debt("a"));
    }

    [Fact]
    public void A_suite_deferred_at_its_last_run_or_boosted_too_cannot_repay_the_next_extra_run()
    {
        var ledger = Seen(("a", "factual", 8), ("a", "format", 8), ("a", "code", 8));
        Assert.True(ledger.TryRecordExtra("a", "factual", 8, Suspect));
        Assert.True(ledger.TryDefer("a", "format", 8, boosted: false));

        // "format" was just deferred and "code" is boosted as well: nothing could repay another extra run.
        Assert.False(ledger.TryRecordExtra("a", "factual", 8, ["factual", "code"]));
        Assert.True(ledger.TryRecordExtra("a", "factual", 8, Suspect));
    }

    [Fact]
    public void A_suite_is_never_deferred_at_two_scheduled_runs_in_a_row()
    {
        var ledger = Seen(("a", "factual", 100), ("a", "format", 100));
        Assert.True(ledger.TryRecordExtra("a", "factual", 100, Suspect));

        Assert.True(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.False(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.True(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.Equal(100 - 16, ledger.Debt("a"));
    }

    [Fact]
    public void A_debt_smaller_than_a_run_is_paid_by_a_whole_run_and_the_overpayment_is_carried_as_credit()
    {
        var ledger = Seen(("a", "factual", 3), ("a", "format", 8), ("a", "code", 8));
        Assert.True(ledger.TryRecordExtra("a", "factual", 3, Suspect));

        Assert.True(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.Equal(-5, ledger.Debt("a"));
        Assert.True(ledger.TryRecordExtra("a", "factual", 3, Suspect));
        Assert.False(ledger.TryDefer("a", "code", 8, boosted: false));
    }

    [Fact]
    public void With_neutrality_off_every_extra_run_is_made_and_nothing_is_deferred()
    {
        var ledger = AdaptiveCallLedger.For(new CanariesOptions { AdaptiveBudgetNeutral = false });

        Assert.All(Enumerable.Range(0, 10), _ => Assert.True(ledger.TryRecordExtra("a", "factual", 8, Suspect)));
        Assert.False(ledger.TryDefer("a", "format", 8, boosted: false));
        Assert.Equal(80, ledger.ExtraCalls);
        Assert.Equal(0, ledger.DeferredRuns);
    }

    [Fact]
    public void Over_a_long_sequence_of_bursts_calls_never_exceed_the_schedule_after_any_step()
    {
        // The demo's shape: each step a boosted suite gets up to three extra runs, then every suite is scheduled once.
        // Suites of 7, 7, 7 and 21 calls; the suspect changes from burst to burst, the large one included.
        (string Name, int Calls)[] suites = [("factual", 7), ("format", 7), ("code", 7), ("long-context", 21)];
        var ledger = new AdaptiveCallLedger();
        long scheduled = 0;
        long made = 0;
        for (var step = 0; step < 3_000; step++)
        {
            string? suspect = step % 100 < 40 ? suites[step / 100 % suites.Length].Name : null;
            string[] boosted = suspect is null ? [] : [suspect];
            for (var extra = 0; extra < 3 && suspect is not null && step > 0; extra++)
            {
                var calls = suites.Single(s => s.Name == suspect).Calls;
                made += ledger.TryRecordExtra("a", suspect, calls, boosted) ? calls : 0;
            }

            foreach (var (name, calls) in suites)
            {
                scheduled += calls;
                made += ledger.TryDefer("a", name, calls, boosted: name == suspect) ? 0 : calls;
            }

            // Calls beyond the schedule are exactly the debt, and the debt is repaid within the step.
            Assert.Equal(made - scheduled, ledger.Debt("a"));
            Assert.True(made <= scheduled, $"step {step}: made {made}, scheduled {scheduled}");
            Assert.True(ledger.Debt("a") > -21, $"step {step}: overpaid by a whole run");
        }

        Assert.True(ledger.ExtraCalls > 0 && ledger.HeldRuns > 0 && ledger.DeferredRuns > 0);
    }

    /// <summary>A ledger that has seen these scheduled runs once, none deferred (no debt yet).</summary>
    private static AdaptiveCallLedger Seen(params (string Provider, string Suite, int Calls)[] runs)
    {
        var ledger = new AdaptiveCallLedger();
        foreach (var (provider, suite, calls) in runs)
        {
            Assert.False(ledger.TryDefer(provider, suite, calls, boosted: false));
        }

        return ledger;
    }
}
