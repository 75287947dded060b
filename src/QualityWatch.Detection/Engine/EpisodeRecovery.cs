namespace QualityWatch.Detection.Engine;

/// <summary>How an open episode ends: only after enough consecutive checks found its signal recovered.</summary>
internal sealed class EpisodeRecovery(int recoveryChecks)
{
    /// <summary>
    /// Ends an open episode only after <see cref="DetectionEngineOptions.RecoveryChecks"/> consecutive checks found the
    /// signal back inside its frozen pre-incident baseline: one quiet check in a noisy fault would otherwise close the
    /// episode, unfreeze the baseline (which then learns the fault) and raise the same incident again later.
    /// </summary>
    public void EndAfterRecovery(HashSet<string> openKinds, Dictionary<string, int> streaks, string kind, bool recovered)
    {
        if (!openKinds.Contains(kind) || !recovered)
        {
            streaks.Remove(kind);
            return;
        }

        var streak = streaks.GetValueOrDefault(kind) + 1;
        if (streak >= recoveryChecks)
        {
            openKinds.Remove(kind);
            streaks.Remove(kind);
        }
        else
        {
            streaks[kind] = streak;
        }
    }
}
