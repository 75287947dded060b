namespace QualityWatch.Detection.Engine;

/// <summary>One latency CUSUM's statistic and the excursion it is on (<see cref="CanaryLatencySignal"/>). JSON-serialisable.</summary>
internal sealed class LatencyChartState
{
    public double Statistic { get; set; }

    /// <summary>When the current excursion of the statistic began (the finding's estimated start).</summary>
    public DateTimeOffset? ChangeStart { get; set; }

    /// <summary>Calls since <see cref="ChangeStart"/> (the finding compares them with the baseline).</summary>
    public int SinceCount { get; set; }

    public void Reset()
    {
        Statistic = 0;
        ChangeStart = null;
        SinceCount = 0;
    }

    /// <summary>Adds one call's log-likelihood ratio; true when the statistic reaches <paramref name="h"/>.</summary>
    public bool Step(double step, double h, DateTimeOffset at)
    {
        double next = Statistic + step;
        if (next <= 0)
        {
            Reset();
            return false;
        }

        if (Statistic <= 0)
        {
            ChangeStart = at;
            SinceCount = 0;
        }

        Statistic = next;
        SinceCount++;
        return next >= h;
    }
}
