using QualityWatch.Core.Statistics;

namespace QualityWatch.Simulator.Engine;

/// <summary>
/// Log-probabilities for the tokens of an answer, as a sampler would report them: the emitted token and the top
/// candidates at its position. Greedy decoding emits the most probable candidate; a share
/// <see cref="SimulatedReply.GreedyViolationShare"/> of positions emit a lower one instead (the miscompiled top-k at
/// temperature 0, or ordinary sampling above it). Draws come from the reply's own key, never from the answer's draws,
/// so asking for log-probabilities changes no answer.
/// </summary>
internal static class LogprobWriter
{
    // Real samplers report exact ties now and then (two candidates with the same logit after rounding); greedy decoding
    // may emit either, so a tie is not a violation and a healthy model shows some.
    private const double TieShare = 0.002;

    private static readonly string[] Alternatives =
    [
        "the", "a", "this", "it", "value", "result", "answer", "is", "of", "and", "to", "in", "that", "which", "so", "then",
    ];

    public static IReadOnlyList<TokenLogprob> For(IReadOnlyList<string> tokens, int topCount, SimulatedReply reply)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(reply);
        var random = new SplitMix64(reply.SamplingKey);
        var result = new List<TokenLogprob>(tokens.Count);
        foreach (var token in tokens)
        {
            var violation = random.NextDouble() < reply.GreedyViolationShare;
            var tie = !violation && random.NextDouble() < TieShare;
            var trailing = token.EndsWith(' ') ? " " : string.Empty;
            var alternatives = Distinct(token, trailing, random);
            double top, chosen;
            if (violation)
            {
                top = 0.3 + (0.2 * random.NextDouble());
                chosen = top * (0.2 + (0.7 * random.NextDouble()));
            }
            else
            {
                top = tie ? 0.3 + (0.2 * random.NextDouble()) : 0.6 + (0.39 * random.NextDouble());
                chosen = top;
            }

            var candidates = new List<TokenCandidate>(alternatives.Count + 1) { new(token, Math.Log(chosen)) };
            var remaining = 1 - top - (violation || tie ? chosen : 0);
            for (var i = 0; i < alternatives.Count; i++)
            {
                // The first alternative is the displaced top candidate under a violation, the exact runner-up under a tie.
                double probability = i == 0 && violation ? top
                    : i == 0 && tie ? top
                    : remaining * Math.Pow(0.5, i + 1);
                candidates.Add(new TokenCandidate(alternatives[i], Math.Log(Math.Max(probability, 1e-9))));
            }

            // Stable: on a tie the emitted token stays first, as greedy decoding picked it.
            var ranked = candidates.OrderByDescending(c => c.Logprob).Take(topCount).ToList();
            result.Add(new TokenLogprob(candidates[0], ranked));
        }

        return result;
    }

    private static List<string> Distinct(string token, string trailing, SplitMix64 random)
    {
        var list = new List<string>(5);
        var start = random.Next(Alternatives.Length);
        for (var i = 0; list.Count < 5 && i < Alternatives.Length; i++)
        {
            var candidate = Alternatives[(start + i) % Alternatives.Length] + trailing;
            if (!string.Equals(candidate, token, StringComparison.Ordinal))
            {
                list.Add(candidate);
            }
        }

        return list;
    }
}
