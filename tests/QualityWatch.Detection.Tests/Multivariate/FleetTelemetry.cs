using QualityWatch.Core.Telemetry;

namespace QualityWatch.Detection.Tests.Multivariate;

/// <summary>
/// Simulated 1-minute buckets of a fleet of traffic series: traffic, latency and TTFT follow a daily cycle (afternoon
/// load), each minute's medians and sums carry the sampling noise of its calls (per-call latency CV 0.5, output length
/// CV 0.3), errors and <c>length</c> finishes are binomial. A <see cref="Shift"/> multiplies the levels and shares of
/// one series from a given minute.
/// </summary>
internal sealed class FleetTelemetry
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Provider, string Model, double Latency, double? Ttft, double Tokens, double Amplitude)[] Profiles =
    [
        ("openai", "gpt-4o", 1.2, 0.35, 420, 0.15),
        ("openai", "gpt-4o-mini", 0.6, 0.2, 300, 0.10),
        ("anthropic", "claude-sonnet", 2.5, null, 650, 0.15),
        ("google", "gemini-flash", 0.8, 0.25, 280, 0.12),
    ];

    private readonly Random _random;
    private readonly int _series;

    public FleetTelemetry(int seed, int series = 4, int callsPerMinute = 60)
    {
        _random = new Random(seed);
        _series = series;
        CallsPerMinute = callsPerMinute;
    }

    public int CallsPerMinute { get; }

    /// <summary>A joint shift of one series from <see cref="FromMinute"/>.</summary>
    public Shift? Fault { get; set; }

    public double ErrorShare { get; set; } = 0.001;

    public double LengthShare { get; set; } = 0.02;

    public static SeriesKey Key(int series) =>
        SeriesKey.Of(Profiles[series % Profiles.Length].Provider, Profiles[series % Profiles.Length].Model + (series >= Profiles.Length ? $"-{series / Profiles.Length}" : string.Empty));

    public IReadOnlyList<SeriesBucket> Minute(int minute)
    {
        var buckets = new List<SeriesBucket>(_series);
        for (int s = 0; s < _series; s++)
        {
            buckets.Add(Bucket(s, minute));
        }

        return buckets;
    }

    public SeriesBucket Bucket(int series, int minute)
    {
        var p = Profiles[series % Profiles.Length];
        // Load peaks at 06:00 and bottoms at 18:00; latency follows load. Monitoring starts at midnight, on the cycle's
        // mean: the level-drift test cannot tell the first morning's rise from a creep when it starts at the trough (its
        // documented first-day limit), which is not what these tests are about.
        double phase = Math.Sin(2 * Math.PI * (minute % 1440) / 1440.0);
        double load = 1 + (0.5 * phase);
        double cycle = 1 + (p.Amplitude * phase);
        var shift = Fault is { } f && f.Series == series && minute >= f.FromMinute ? f : null;
        long calls = Math.Max(1, (long)Math.Round(CallsPerMinute * load * (1 + (0.1 * Normal()))));
        // No errors in the first hour: the burn-rate test pages on one error among the first minute's 60 calls (17× the
        // budget of a 99.9 % SLO over a window of one minute).
        double errorShare = minute < 60 ? 0 : ErrorShare * (shift?.Errors ?? 1);
        long errors = Binomial(calls, errorShare);
        long answered = calls - errors;
        double latencyNoise = 0.6 / Math.Sqrt(Math.Max(answered, 1));
        double latency = p.Latency * cycle * (shift?.Latency ?? 1) * Math.Exp(latencyNoise * Normal());
        double? ttft = p.Ttft is { } t ? t * cycle * (shift?.Latency ?? 1) * Math.Exp(latencyNoise * Normal()) : null;
        double tokensPerCall = p.Tokens * (shift?.OutputTokens ?? 1) * Math.Exp(0.3 / Math.Sqrt(Math.Max(answered, 1)) * Normal());
        long length = Binomial(answered, LengthShare * (shift?.LengthFinishes ?? 1));
        return new SeriesBucket(
            Key(series),
            T0.AddMinutes(minute),
            calls,
            errors,
            errors > 0 ? new Dictionary<string, long> { ["503"] = errors } : new Dictionary<string, long>(),
            latency,
            latency * 2.2,
            ttft,
            answered * 800,
            (long)Math.Round(answered * tokensPerCall),
            0m,
            new Dictionary<string, long> { ["stop"] = answered - length, ["length"] = length },
            new Dictionary<string, long>(),
            0,
            0,
            null,
            0,
            0);
    }

    private double Normal()
    {
        double u1 = 1 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private long Binomial(long n, double p)
    {
        if (n * p > 30)
        {
            return Math.Clamp((long)Math.Round((n * p) + (Math.Sqrt(n * p * (1 - p)) * Normal())), 0, n);
        }

        long k = 0;
        for (long i = 0; i < n; i++)
        {
            if (_random.NextDouble() < p)
            {
                k++;
            }
        }

        return k;
    }

    /// <summary>Multipliers of one series' latency and TTFT, output tokens per call, error share and length share.</summary>
    internal sealed record Shift(int Series, int FromMinute, double Latency, double OutputTokens, double Errors, double LengthFinishes);
}
