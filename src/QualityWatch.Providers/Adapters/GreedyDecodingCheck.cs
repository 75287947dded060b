using OpenAI.Chat;

namespace QualityWatch.Providers.Adapters;

/// <summary>
/// Counts greedy-decoding violations in reported log-probabilities: at temperature 0 the emitted token should be the
/// most probable candidate at its position, so a top candidate more probable than it means the sampler picked from
/// below the top (what a miscompiled top-k does long before answers turn wrong).
/// </summary>
internal static class GreedyDecodingCheck
{
    /// <summary>
    /// How much more probable (in log-probability) a candidate must be to count: providers round logprobs and report
    /// exact ties, where greedy decoding may emit either token, so ties and rounding noise are not violations.
    /// </summary>
    public const double Tolerance = 1e-6;

    /// <summary>Tokens inspected (those reported with top candidates) and the violations among them.</summary>
    public static (long Tokens, long Violations) Count(IEnumerable<ChatTokenLogProbabilityDetails>? tokens)
    {
        long inspected = 0, violations = 0;
        foreach (var token in tokens ?? [])
        {
            if (token.TopLogProbabilities is not { Count: > 0 } top)
            {
                continue;
            }

            inspected++;
            if (top.Max(c => c.LogProbability) > token.LogProbability + Tolerance)
            {
                violations++;
            }
        }

        return (inspected, violations);
    }
}
