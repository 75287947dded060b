using System.Globalization;

namespace QualityWatch.Providers;

/// <summary>One provider and model the canaries watch. Bound from each entry of the <c>providers</c> list.</summary>
public sealed class ProviderOptions
{
    /// <summary>Configuration section holding the list of providers.</summary>
    public const string SectionName = "Providers";

    /// <summary>The provider kinds an adapter exists for.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["openai", "anthropic", "gemini"];

    /// <summary>Configured name, unique, carried on every result (for example <c>openai-prod</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary><c>openai</c> (any OpenAI-compatible server), <c>anthropic</c> or <c>gemini</c>.</summary>
    public string Kind { get; set; } = "openai";

    /// <summary>Endpoint root; for OpenAI-compatible servers it includes the version segment (<c>…/v1</c>). Optional.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Model requested on every call.</summary>
    public string Model { get; set; } = "";

    /// <summary>Name of the environment variable holding the API key. The key itself never appears in configuration.</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>Optional region, carried as the <c>region</c> label.</summary>
    public string? Region { get; set; }

    /// <summary>Extra labels carried on every result.</summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>US dollars per million input tokens.</summary>
    public decimal InputPricePerMillion { get; set; }

    /// <summary>US dollars per million output tokens.</summary>
    public decimal OutputPricePerMillion { get; set; }

    /// <summary>Per-attempt timeout in seconds.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>Most canary calls in flight at once to this provider.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Most tokens (input + output) canaries may spend per UTC day; 0 means unlimited.</summary>
    public long DailyTokenBudget { get; set; }

    /// <summary>Most US dollars canaries may spend per UTC day; 0 means unlimited.</summary>
    public decimal DailyCostBudget { get; set; }

    /// <summary>Availability objective, for example 0.999.</summary>
    public double Slo { get; set; } = 0.999;

    /// <summary>Retries after the first attempt for 429, 5xx, timeouts and transport errors.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base delay of the jittered exponential backoff, in seconds.</summary>
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>Longest Retry-After the client will honour, in seconds; longer waits fail the call instead.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>Share of failed calls in the sampling window that opens the circuit.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls in the sampling window before the circuit may open.</summary>
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>Sampling window of the circuit breaker, in seconds.</summary>
    public double CircuitSamplingSeconds { get; set; } = 60;

    /// <summary>How long the circuit stays open before a trial call, in seconds.</summary>
    public double CircuitBreakSeconds { get; set; } = 30;

    /// <summary>
    /// Optional HTTP header that carries the canary call's session identity (for example <c>x-session-id</c>), for
    /// gateways that route sticky on a header, and for Gemini, whose API has no user field. OpenAI and Anthropic calls
    /// carry the session in their own fields (<c>user</c>, <c>metadata.user_id</c>) either way.
    /// </summary>
    public string? SessionHeader { get; set; }

    /// <summary>
    /// Ask temperature-0 calls for log-probabilities (OpenAI <c>logprobs</c> with the top candidates) and count tokens
    /// emitted while a more probable candidate existed: the greedy-violation probe for sampler faults. Off by default:
    /// OpenAI charges nothing for them, but not every OpenAI-compatible server supports the parameters. OpenAI kind only.
    /// </summary>
    public bool Logprobs { get; set; }

    /// <summary>The labels carried on results: <see cref="Labels"/> plus <c>region</c> when set.</summary>
    public IReadOnlyDictionary<string, string> ResultLabels()
    {
        var labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(Region))
        {
            labels["region"] = Region;
        }

        return labels;
    }

    /// <summary>Cost of one call from the price table.</summary>
    public decimal CostOf(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPricePerMillion) + (outputTokens * OutputPricePerMillion)) / 1_000_000m;

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var who = string.IsNullOrWhiteSpace(Name) ? "providers[?]" : $"provider '{Name}'";
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("providers[].name is required");
        }

        if (!Kinds.Contains(Kind, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{who}: kind must be one of {string.Join(", ", Kinds)}, not '{Kind}'");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            problems.Add($"{who}: model is required");
        }

        if (BaseUrl is not null && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"{who}: base_url must be an absolute http(s) URL");
        }

        Check(!Logprobs || Kind.Equals("openai", StringComparison.OrdinalIgnoreCase), "logprobs is supported for kind openai only (the OpenAI-compatible log-probabilities)");
        Check(SessionHeader is null || IsHeaderName(SessionHeader), "session_header must be an HTTP header name (letters, digits, '-', '_'), for example x-session-id");
        Check(TimeoutSeconds > 0, "timeout_seconds must be > 0");
        Check(MaxConcurrency is >= 1 and <= 256, "max_concurrency must be in 1..256");
        Check(DailyTokenBudget >= 0, "daily_token_budget must be >= 0");
        Check(DailyCostBudget >= 0, "daily_cost_budget must be >= 0");
        Check(InputPricePerMillion >= 0 && OutputPricePerMillion >= 0, "prices must be >= 0");
        Check(Slo is > 0 and < 1, "slo must be in (0, 1), for example 0.999");
        Check(MaxRetries is >= 0 and <= 10, "max_retries must be in 0..10");
        Check(RetryBaseDelaySeconds >= 0, "retry_base_delay_seconds must be >= 0");
        Check(CircuitFailureRatio is > 0 and <= 1, "circuit_failure_ratio must be in (0, 1]");
        Check(CircuitMinimumThroughput >= 2, "circuit_minimum_throughput must be >= 2");
        Check(CircuitSamplingSeconds >= 0.5, "circuit_sampling_seconds must be >= 0.5");
        Check(CircuitBreakSeconds >= 0.5, "circuit_break_seconds must be >= 0.5");
        return problems;

        void Check(bool ok, string message)
        {
            if (!ok)
            {
                problems.Add($"{who}: {message}");
            }
        }
    }

    // Plain header-name characters; the headers that carry API keys are refused so the key is never overwritten.
    private static bool IsHeaderName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') &&
        !name.Equals("authorization", StringComparison.OrdinalIgnoreCase) && !name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase) &&
        !name.Equals("x-goog-api-key", StringComparison.OrdinalIgnoreCase);

    /// <summary>A short description for logs: never includes the key.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Kind}, {Model})");
}
