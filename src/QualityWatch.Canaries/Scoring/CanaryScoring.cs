using QualityWatch.Canaries.Suites;

namespace QualityWatch.Canaries.Scoring;

/// <summary>Scores answers: a case passes when all of its assertions hold.</summary>
public static class CanaryScoring
{
    /// <summary>Evaluates every assertion of <paramref name="canaryCase"/> against <paramref name="answer"/>.</summary>
    public static CanaryScore Score(CanaryCase canaryCase, string answer)
    {
        ArgumentNullException.ThrowIfNull(canaryCase);
        return Score(canaryCase.Assertions, answer);
    }

    /// <summary>Evaluates <paramref name="assertions"/>; each failing one contributes one reason.</summary>
    public static CanaryScore Score(IEnumerable<CanaryAssertion> assertions, string answer)
    {
        ArgumentNullException.ThrowIfNull(assertions);
        ArgumentNullException.ThrowIfNull(answer);
        var reasons = new List<string>();
        foreach (var assertion in assertions)
        {
            if (assertion.Check(answer) is { } reason)
            {
                reasons.Add($"{assertion.Name}: {reason}");
            }
        }

        return new CanaryScore(reasons.Count == 0, reasons);
    }
}
