using System.Globalization;

namespace QualityWatch.Simulator;

/// <summary>Every scenario the simulator can play, with the incident it models; and the CLI's scenario syntax.</summary>
public static class ScenarioCatalog
{
    private static readonly Dictionary<string, double> NoParameters = [];

    /// <summary>All scenarios, in the order the documentation lists them.</summary>
    public static IReadOnlyList<ScenarioInfo> All { get; } =
    [
        new(ScenarioNames.Healthy,
            "No fault: normal accuracy, latency and errors (for false-alarm tests).",
            "Baseline.",
            NoParameters,
            "always 0"),
        new(ScenarioNames.LatencyDrift,
            "TTFT and per-token latency (p50 and p95) creep linearly up to Factor x over the duration.",
            "Gradual capacity exhaustion / queueing at a provider: slow creep that no single request notices.",
            new Dictionary<string, double> { ["Factor"] = 2.0 },
            "current latency multiplier"),
        new(ScenarioNames.LatencyStep,
            "TTFT and per-token latency jump to Factor x for the duration.",
            "A provider moving traffic to a slower fleet or region.",
            new Dictionary<string, double> { ["Factor"] = 3.0 },
            "latency multiplier"),
        new(ScenarioNames.ErrorBurst,
            "A share ErrorRate of calls fail: 503 (OpenAI/Gemini) or 529 overloaded (Anthropic), 429 with retry-after, some 500; with PeriodMinutes > 0, only in the first BurstMinutes of every period.",
            "Provider overload incidents (Anthropic 529 overloaded_error, OpenAI 503/429 storms).",
            new Dictionary<string, double> { ["ErrorRate"] = 0.3, ["PeriodMinutes"] = 0, ["BurstMinutes"] = 5 },
            "error probability per call now (0 between bursts)"),
        new(ScenarioNames.AuthOutage,
            "401 for connections first seen during the outage; already-open keep-alive connections keep working.",
            "Auth backend outages that only hit new TLS sessions / token validations.",
            NoParameters,
            "1 while active"),
        new(ScenarioNames.RoutingBug,
            "A sticky share of users (by OpenAI user, Anthropic metadata.user_id or x-sim-user header) growing linearly from StartShare to EndShare is served by the wrong pool: much worse on long-context prompts, different latency, no errors.",
            "Aug-Sep 2025 Anthropic context-window routing bug: Sonnet 4 requests misrouted to 1M-context servers, 0.8% of requests at first, up to 16% at the worst hour; sticky per user.",
            new Dictionary<string, double> { ["StartShare"] = 0.008, ["EndShare"] = 0.16, ["LongContextAccuracy"] = 0.45, ["OtherAccuracyDrop"] = 0.02 },
            "current share of users misrouted"),
        new(ScenarioNames.OutputCorruption,
            "A share Share of English answers get stray Thai/Chinese characters; code answers get syntax errors; no errors.",
            "Aug-Sep 2025 TPU server misconfiguration: Claude answers in English sprinkled with Thai/Chinese characters, and syntax errors in code.",
            new Dictionary<string, double> { ["Share"] = 0.05 },
            "share of answers corrupted"),
        new(ScenarioNames.TopKMiscompile,
            "The most probable token is sometimes dropped: accuracy falls by AccuracyDrop in every category, and a share DivergenceShare of temperature-0 answers that stay right lose their end-of-sequence token (a trailing newline is emitted first), so repeated temperature-0 answers stop being identical, and a share GreedyViolationShare of temperature-0 tokens is not the top candidate in the log-probabilities the OpenAI endpoint reports; no errors.",
            "Aug-Sep 2025 XLA approximate top-k miscompilation on TPUs that sometimes dropped the most probable token (Claude Haiku 3.5 / Sonnet).",
            new Dictionary<string, double> { ["AccuracyDrop"] = 0.03, ["DivergenceShare"] = 0.15, ["GreedyViolationShare"] = 0.02 },
            "accuracy drop (probability points)"),
        new(ScenarioNames.SilentModelSwap,
            "A different model behind the same name: a share Share of calls (1 = all) is answered by the next configured model, with its answer style (formatting habits, preamble, signature words, refusals), different temperature-0 answers and answers LengthFactor x as long; the system_fingerprint changes unless KeepFingerprint is 1; no errors.",
            "Providers silently updating or quantising the model behind an unversioned alias.",
            new Dictionary<string, double> { ["LengthFactor"] = 1.6, ["AccuracyDrop"] = 0.01, ["Share"] = 1, ["KeepFingerprint"] = 0 },
            "1 while active"),
        new(ScenarioNames.Truncation,
            "A share Share of answers stop early with finish_reason length / stop_reason max_tokens / finishReason MAX_TOKENS.",
            "Output-length limits lowered server-side (silent max_tokens clamps).",
            new Dictionary<string, double> { ["Share"] = 0.15 },
            "share of answers truncated"),
    ];

    /// <summary>Scenario names.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    /// <summary>Whether <paramref name="name"/> is a scenario (case-insensitive).</summary>
    public static bool IsKnown(string? name) => name is not null && All.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The catalogue entry of <paramref name="name"/>.</summary>
    public static ScenarioInfo Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown scenario '{name}' (known: {string.Join(", ", Names)})", nameof(name));

    /// <summary>
    /// Parses the CLI syntax <c>NAME[@START[+DURATION]][:MODEL]</c>, comma-separated, for example
    /// <c>routing-bug@2h+24h:claude-sonnet-4,latency-drift</c>. Durations: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>3d</c>
    /// or <c>hh:mm:ss</c> is not accepted (the colon separates the model).
    /// </summary>
    /// <exception cref="FormatException">With a one-line message naming the bad part.</exception>
    public static IReadOnlyList<ScenarioOptions> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<ScenarioOptions>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var part = raw;
            string? model = null;
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                model = part[(colon + 1)..].Trim();
                part = part[..colon];
                if (model.Length == 0)
                {
                    throw new FormatException($"scenario '{raw}': empty model after ':'");
                }
            }

            var start = TimeSpan.Zero;
            TimeSpan? duration = null;
            var at = part.IndexOf('@', StringComparison.Ordinal);
            var name = at >= 0 ? part[..at] : part;
            if (at >= 0)
            {
                var timing = part[(at + 1)..];
                var plus = timing.IndexOf('+', StringComparison.Ordinal);
                start = ParseDuration(plus >= 0 ? timing[..plus] : timing, raw);
                if (plus >= 0)
                {
                    duration = ParseDuration(timing[(plus + 1)..], raw);
                    if (duration <= TimeSpan.Zero)
                    {
                        throw new FormatException($"scenario '{raw}': duration must be positive");
                    }
                }
            }

            if (!IsKnown(name))
            {
                throw new FormatException($"unknown scenario '{name}' (known: {string.Join(", ", Names)})");
            }

            result.Add(new ScenarioOptions { Name = Get(name).Name, Model = model, StartAfter = start, Duration = duration });
        }

        if (result.Count == 0)
        {
            throw new FormatException("no scenario given");
        }

        return result;
    }

    private static TimeSpan ParseDuration(string text, string context)
    {
        text = text.Trim();
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            switch (char.ToLowerInvariant(text[^1]))
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
                case 'd': return TimeSpan.FromDays(value);
            }
        }

        throw new FormatException($"scenario '{context}': bad duration '{text}' (use 90s, 30m, 2h or 3d)");
    }
}
