namespace QualityWatch.Canaries.Scheduling;

/// <summary>
/// How close the quality tests of one suite on one provider's model are to an alarm, in [0, 1] (a share of the alarm
/// threshold). The detection engine answers it in <c>serve</c>; the scheduler raises that suite's rate on that
/// provider while the answer is at least <see cref="CanariesOptions.AdaptiveEvidence"/>.
/// </summary>
public interface ICanaryEvidence
{
    /// <summary>The evidence for <paramref name="suite"/> on <paramref name="provider"/>'s <paramref name="model"/>.</summary>
    double Of(string provider, string model, string suite);
}
