namespace QualityWatch.Canaries.Running;

/// <summary>
/// Daily token and cost budgets per provider (UTC days of the runner's clock). A call reserves its worst case before
/// it is sent (prompt UTF-8 bytes, which bound its tokens, plus max_tokens) and settles to the reported usage after,
/// so the budget is never exceeded even with calls in flight.
/// </summary>
public sealed class ProviderBudgetLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Day> _days = new(StringComparer.Ordinal);

    /// <summary>Tries to reserve a call; false when it could push the provider over a daily budget.</summary>
    public bool TryReserve(string provider, long tokenBudget, decimal costBudget, long tokens, decimal cost, DateTimeOffset now)
    {
        lock (_gate)
        {
            var day = DayOf(provider, now);
            if ((tokenBudget > 0 && day.Tokens + tokens > tokenBudget) || (costBudget > 0 && day.Cost + cost > costBudget))
            {
                return false;
            }

            day.Tokens += tokens;
            day.Cost += cost;
            return true;
        }
    }

    /// <summary>Replaces a reservation made at <paramref name="reservedAt"/> by what the call really used.</summary>
    public void Settle(string provider, DateTimeOffset reservedAt, long reservedTokens, decimal reservedCost, long usedTokens, decimal usedCost)
    {
        lock (_gate)
        {
            var day = DayOf(provider, reservedAt);
            day.Tokens += usedTokens - reservedTokens;
            day.Cost += usedCost - reservedCost;
        }
    }

    /// <summary>Tokens and cost spent (or reserved) by <paramref name="provider"/> on the UTC day of <paramref name="now"/>.</summary>
    public (long Tokens, decimal Cost) Spent(string provider, DateTimeOffset now)
    {
        lock (_gate)
        {
            var day = DayOf(provider, now);
            return (day.Tokens, day.Cost);
        }
    }

    /// <summary>
    /// Takes over what the stored results say <paramref name="provider"/> already spent on the UTC day of
    /// <paramref name="now"/> (by any replica), keeping whichever is larger: a replica that takes the fleet's canary
    /// schedule over mid-day continues the day's budget instead of starting a second one.
    /// </summary>
    public void Restore(string provider, DateTimeOffset now, long tokens, decimal cost)
    {
        lock (_gate)
        {
            var day = DayOf(provider, now);
            day.Tokens = Math.Max(day.Tokens, tokens);
            day.Cost = Math.Max(day.Cost, cost);
        }
    }

    private Day DayOf(string provider, DateTimeOffset now)
    {
        var date = DateOnly.FromDateTime(now.UtcDateTime);
        if (!_days.TryGetValue(provider, out var day) || day.Date != date)
        {
            // A reservation settled after midnight belongs to the old day, which no longer limits anything.
            if (day is not null && day.Date > date)
            {
                return new Day(date);
            }

            day = new Day(date);
            _days[provider] = day;
        }

        return day;
    }

    private sealed class Day(DateOnly date)
    {
        public DateOnly Date { get; } = date;

        public long Tokens { get; set; }

        public decimal Cost { get; set; }
    }
}
