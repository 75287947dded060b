using QualityWatch.Core.Canaries;

namespace QualityWatch.Detection.Signatures;

/// <summary>
/// Silent model swap: canaries run at temperature 0 give stable answers, so when many cases change their answer (or the
/// provider's system fingerprint changes) in the same round, the model behind the name has changed. One case changing
/// is noise; a large share of a round changing at once is a swap. An answer that changes together with its verdict
/// (pass → fail) is a quality regression, not evidence of a swap, so only changes that keep the verdict or come with a new
/// fingerprint count. State: last answer, verdict and fingerprint per case.
/// </summary>
internal sealed class ModelSwapDetector
{
    public Dictionary<string, string> LastAnswers { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> LastFingerprints { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, bool> LastPassed { get; set; } = new(StringComparer.Ordinal);

    public ModelSwapVerdict Observe(IReadOnlyList<CanaryResult> round, double share, int minimumCases)
    {
        ArgumentNullException.ThrowIfNull(round);
        int compared = 0;
        int changed = 0;
        string? previousFingerprint = null;
        string? currentFingerprint = null;
        var examples = new List<(CanaryResult, string?)>();
        foreach (var result in round.Where(r => r.Outcome != CanaryOutcome.Unavailable))
        {
            string caseKey = $"{result.Suite}/{result.CaseId}";
            string answer = Normalise(result.Actual);
            bool hadAnswer = LastAnswers.TryGetValue(caseKey, out var lastAnswer);
            bool hadFingerprint = LastFingerprints.TryGetValue(caseKey, out var lastFingerprint);
            if (hadAnswer)
            {
                compared++;
                bool passed = result.Outcome == CanaryOutcome.Passed;
                bool sameVerdict = LastPassed.TryGetValue(caseKey, out var lastPassed) && lastPassed == passed;
                bool answerChanged = sameVerdict && !string.Equals(lastAnswer, answer, StringComparison.Ordinal);
                bool fingerprintChanged = hadFingerprint && result.SystemFingerprint is not null && !string.Equals(lastFingerprint, result.SystemFingerprint, StringComparison.Ordinal);
                if (answerChanged || fingerprintChanged)
                {
                    changed++;
                    examples.Add((result, lastAnswer));
                    if (fingerprintChanged)
                    {
                        previousFingerprint ??= lastFingerprint;
                        currentFingerprint ??= result.SystemFingerprint;
                    }
                }
            }

            LastAnswers[caseKey] = answer;
            LastPassed[caseKey] = result.Outcome == CanaryOutcome.Passed;
            if (result.SystemFingerprint is not null)
            {
                LastFingerprints[caseKey] = result.SystemFingerprint;
            }
        }

        bool alarm = compared >= minimumCases && changed >= share * compared;
        return new ModelSwapVerdict(alarm, changed, compared, previousFingerprint, currentFingerprint, examples);
    }

    private static string Normalise(string? answer) => (answer ?? string.Empty).Trim().ReplaceLineEndings("\n");
}
