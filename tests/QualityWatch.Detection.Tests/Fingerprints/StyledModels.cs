using System.Globalization;
using System.Text;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Detection.Tests.Fingerprints;

/// <summary>
/// Realistic canary answers of several configured models. Strict cases ("reply with the number only") get the same
/// right answer from every model, save a model's whitespace habit; free-form cases ("explain briefly") get each model's
/// own verbosity, markdown, preamble, vocabulary and refusals. Answers are stable per model and case (temperature 0)
/// except a small share that varies per round, as real deployments do.
/// </summary>
internal static class StyledModels
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly ModelHabits Mini = new("openai-prod", "gpt-4o-mini", Verbosity: 0.6, Preamble: "", HeadingShare: 0, BulletShare: 0.1, BoldShare: 0, FenceShare: 0, TrailingNewline: false, RefusalShare: 0.02, Vocabulary: ["simply", "quick", "basically"]);

    public static readonly ModelHabits Gpt41 = new("openai-prod", "gpt-4.1", Verbosity: 1.3, Preamble: "", HeadingShare: 0.6, BulletShare: 0.7, BoldShare: 0.5, FenceShare: 0.1, TrailingNewline: false, RefusalShare: 0.01, Vocabulary: ["key", "overview", "summary"]);

    public static readonly ModelHabits Sonnet = new("anthropic-prod", "claude-sonnet-4", Verbosity: 1.6, Preamble: "Certainly! ", HeadingShare: 0.1, BulletShare: 0.3, BoldShare: 0.2, FenceShare: 0, TrailingNewline: false, RefusalShare: 0.08, Vocabulary: ["nuanced", "thoughtful", "worth noting"]);

    public static readonly ModelHabits Flash = new("gemini-prod", "gemini-2.5-flash", Verbosity: 0.9, Preamble: "", HeadingShare: 0, BulletShare: 0.5, BoldShare: 0.8, FenceShare: 0.3, TrailingNewline: true, RefusalShare: 0.03, Vocabulary: ["essentially", "crucial", "here's"]);

    public static readonly ModelHabits[] All = [Mini, Gpt41, Sonnet, Flash];

    private static readonly string[] Words =
    [
        "the", "system", "result", "value", "process", "approach", "data", "request", "example", "because", "however",
        "therefore", "important", "consider", "depends", "on", "context", "answer", "first", "second", "finally", "step",
        "input", "output", "each", "case", "which", "means", "that", "it", "is", "a", "can", "be", "used", "to", "for",
        "with", "and", "of", "in", "this", "when", "more", "less", "configuration", "service", "performance", "users",
    ];

    private static readonly string[] Topics =
    [
        "caching", "rate limiting", "database indexes", "TLS handshakes", "garbage collection", "load balancing",
        "message queues", "feature flags", "connection pooling", "retries with backoff", "idempotency keys",
        "circuit breakers", "blue green deployments", "vector clocks", "consistent hashing", "write-ahead logs",
        "sharding", "bloom filters", "canary releases", "backpressure", "schema migrations", "leader election",
        "content delivery networks", "observability",
    ];

    /// <summary>The case ids of a round: strict cases first, then free-form ones.</summary>
    public static IReadOnlyList<string> Cases(int strict = 16, int freeForm = 24) =>
        [.. Enumerable.Range(0, strict).Select(i => $"sum-{i:D3}"), .. Enumerable.Range(0, freeForm).Select(i => $"explain-{i:D3}")];

    /// <summary>
    /// One round of <paramref name="served"/>'s answers reported under <paramref name="named"/> (a silent swap when
    /// they differ); <paramref name="swapShare"/> of the calls go to <paramref name="impostor"/> instead.
    /// </summary>
    public static List<CanaryResult> Round(int round, ModelHabits named, ModelHabits? impostor = null, double swapShare = 0, string runId = "run-1", int strict = 16, int freeForm = 24)
    {
        var results = new List<CanaryResult>();
        foreach (var (caseId, index) in Cases(strict, freeForm).Select((c, i) => (c, i)))
        {
            var swapped = impostor is not null && Uniform(named.Model, caseId, round, "swap") < swapShare;
            var writer = swapped ? impostor! : named;
            var answer = Answer(writer, caseId, round);
            results.Add(new CanaryResult(
                runId, round, T0.AddMinutes(10 * round).AddSeconds(index), named.Provider, named.Model, "smoke", caseId,
                caseId.StartsWith("sum", StringComparison.Ordinal) ? "arithmetic" : "explain", CanaryOutcome.Passed,
                TimeSpan.FromMilliseconds(400), null, 20, 40, 0m, "stop", null, "a sensible answer", answer, [],
                SystemFingerprint: null, new Dictionary<string, string>()));
        }

        return results;
    }

    /// <summary>The answer <paramref name="model"/> writes to <paramref name="caseId"/> in <paramref name="round"/>.</summary>
    public static string Answer(ModelHabits model, string caseId, int round)
    {
        // Temperature 0: the same answer every round, except a few that vary (batching nondeterminism).
        int variant = Uniform(model.Model, caseId, round, "vary") < 0.05 ? round : 0;
        var random = new Random(Seed(model.Model, caseId, variant.ToString(CultureInfo.InvariantCulture)));
        if (caseId.StartsWith("sum", StringComparison.Ordinal))
        {
            int n = int.Parse(caseId.AsSpan(4), CultureInfo.InvariantCulture);
            return (1000 + (137 * n)).ToString(CultureInfo.InvariantCulture) + (model.TrailingNewline ? "\n" : string.Empty);
        }

        int topicIndex = int.Parse(caseId.AsSpan(8), CultureInfo.InvariantCulture) % Topics.Length;
        var topic = Topics[topicIndex];
        if (random.NextDouble() < model.RefusalShare * 3)
        {
            return model.Preamble.Length > 0 ? $"I'm sorry, but I can't help with a detailed answer on {topic} here." : $"I can't provide that for {topic}.";
        }

        var text = new StringBuilder();
        text.Append(model.Preamble);
        if (random.NextDouble() < model.HeadingShare)
        {
            text.Append("### ").Append(char.ToUpperInvariant(topic[0])).Append(topic[1..]).Append("\n\n");
        }

        int sentences = Math.Max(1, (int)Math.Round(model.Verbosity * (2 + (3 * random.NextDouble()))));
        bool bullets = random.NextDouble() < model.BulletShare;
        for (int s = 0; s < sentences; s++)
        {
            var sentence = Sentence(model, topic, random);
            if (bullets && s > 0)
            {
                text.Append("\n- ").Append(sentence);
            }
            else
            {
                text.Append(s > 0 ? " " : string.Empty).Append(sentence);
            }
        }

        if (random.NextDouble() < model.FenceShare)
        {
            text.Append("\n\n```\nconfig.enable(\"").Append(topic.Replace(' ', '_')).Append("\")\n```");
        }

        if (model.TrailingNewline)
        {
            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Sentence(ModelHabits model, string topic, Random random)
    {
        var words = new List<string>();
        int length = 6 + random.Next(8);
        for (int w = 0; w < length; w++)
        {
            words.Add(random.NextDouble() < 0.15 ? model.Vocabulary[random.Next(model.Vocabulary.Length)] : Words[random.Next(Words.Length)]);
        }

        if (random.NextDouble() < 0.5)
        {
            words.Insert(random.Next(words.Count), topic);
        }

        var sentence = string.Join(' ', words);
        if (random.NextDouble() < model.BoldShare)
        {
            sentence = $"**{char.ToUpperInvariant(sentence[0])}{sentence[1..]}**";
        }
        else
        {
            sentence = char.ToUpperInvariant(sentence[0]) + sentence[1..];
        }

        return sentence + ".";
    }

    private static double Uniform(string model, string caseId, int round, string purpose) =>
        (uint)Seed(model, caseId, $"{round}:{purpose}") / (double)uint.MaxValue;

    private static int Seed(string model, string caseId, string extra)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var c in $"{model}|{caseId}|{extra}")
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (int)(hash ^ (hash >> 32));
    }
}
