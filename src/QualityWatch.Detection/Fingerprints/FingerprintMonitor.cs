namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// The sequential test of one configured identity (<c>provider/model</c>): the CUSUM statistic, what the answers since
/// it last stood at zero looked like (the evidence of a finding), the answers waiting to join the training pool, and
/// the open episode.
/// </summary>
internal sealed class FingerprintMonitor
{
    /// <summary>Page's CUSUM of the calibrated increments (≥ 0).</summary>
    public double Statistic { get; set; }

    /// <summary>Open kinds (only <c>model-swap</c>) and recovery streaks, ended by <c>EpisodeRecovery</c>.</summary>
    public HashSet<string> OpenKinds { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> RecoveryStreaks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Answers scored while the episode has been open: past the pool's size the change is taken as the new normal.</summary>
    public int EpisodeAnswers { get; set; }

    /// <summary>
    /// Set when an episode was accepted as the new normal: the identity's pool was emptied and it gets no verdict until a
    /// model trained on its new answers knows it.
    /// </summary>
    public bool Relearning { get; set; }

    /// <summary>Answers scored since the statistic last stood at zero.</summary>
    public int ExcursionAnswers { get; set; }

    public DateTimeOffset? ExcursionStart { get; set; }

    /// <summary>Sum of the configured identity's posterior over the excursion's answers.</summary>
    public double ExcursionPosterior { get; set; }

    /// <summary>Sum of every other identity's posterior over the excursion's answers.</summary>
    public Dictionary<string, double> ExcursionResemblance { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The excursion's answers least like the configured identity.</summary>
    public List<FingerprintExample> Examples { get; set; } = [];

    /// <summary>
    /// Answers scored while the statistic was above zero: they join the training pool only when it returns to zero
    /// without an alarm, so the start of an undetected swap is not learnt as the configured model.
    /// </summary>
    public List<StoredAnswer> Pending { get; set; } = [];

    public void ClearExcursion()
    {
        ExcursionAnswers = 0;
        ExcursionStart = null;
        ExcursionPosterior = 0;
        ExcursionResemblance.Clear();
        Examples.Clear();
        Pending.Clear();
    }
}
