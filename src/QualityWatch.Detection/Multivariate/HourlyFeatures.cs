namespace QualityWatch.Detection.Multivariate;

/// <summary>
/// The hourly feature vector of one telemetry series, built from that hour's 1-minute buckets. Each feature is on a
/// scale where a change is additive and its noise roughly symmetric: logarithms for levels (a change is a ratio
/// whatever the series' scale) and empirical logits for shares (a rise from 0.3 % to 0.5 % weighs like one from 30 %
/// to 42 %, and a share of zero stays finite). Call volume is deliberately not a feature: it is demand, not quality,
/// and its daily cycle would dominate every other signal (the engine never alarms on raw volume).
/// </summary>
internal static class HourlyFeatures
{
    /// <summary>Median of the per-minute median latencies, log seconds.</summary>
    public const int Latency = 0;

    /// <summary>Median of the per-minute median times to first token (streamed calls), log seconds.</summary>
    public const int TimeToFirstToken = 1;

    /// <summary>Output tokens per successful call over the hour, log tokens.</summary>
    public const int OutputTokensPerCall = 2;

    /// <summary>Share of calls with an error, empirical logit.</summary>
    public const int ErrorShare = 3;

    /// <summary>Share of finish reasons that are <c>length</c>, empirical logit.</summary>
    public const int LengthFinishShare = 4;

    /// <summary>Share of analysed outputs with unexpected Unicode scripts, empirical logit.</summary>
    public const int UnexpectedScriptShare = 5;

    /// <summary>Features in a vector.</summary>
    public const int Count = 6;

    /// <summary>Names in findings, by index.</summary>
    public static readonly string[] Names = ["median latency", "median time to first token", "output tokens per call", "error share", "length finish share", "unexpected-script share"];

    /// <summary>Units of <see cref="Natural"/> values, by index.</summary>
    public static readonly string[] Units = ["seconds", "seconds", "tokens", "share", "share", "share"];

    /// <summary>
    /// Smallest robust scale per feature in model units: differences below a 2 % ratio for levels, or a quarter of a
    /// logit for shares, are not worth expressing as large standardised residuals (a series whose hourly error share is
    /// always zero has a MAD of zero).
    /// </summary>
    public static readonly double[] ScaleFloors = [0.02, 0.02, 0.02, 0.25, 0.25, 0.25];

    /// <summary>Whether a larger value of the feature is the worse one (for the sentence in a finding).</summary>
    public static bool IsLevel(int feature) => feature <= OutputTokensPerCall;

    /// <summary>A model-unit value back in the feature's natural unit (seconds, tokens, share).</summary>
    public static double Natural(int feature, double value) => IsLevel(feature) ? Math.Exp(value) : 1 / (1 + Math.Exp(-value));

    /// <summary>The hour's vector; a feature the hour did not observe is null (imputed after standardisation).</summary>
    public static double?[] From(HourAccumulator hour)
    {
        var features = new double?[Count];
        if (hour.Latencies.Count > 0)
        {
            features[Latency] = Math.Log(Math.Max(Median(hour.Latencies), 1e-6));
        }

        if (hour.TimesToFirstToken.Count > 0)
        {
            features[TimeToFirstToken] = Math.Log(Math.Max(Median(hour.TimesToFirstToken), 1e-6));
        }

        if (hour.TokenAnswered > 0 && hour.OutputTokens > 0)
        {
            features[OutputTokensPerCall] = Math.Log(hour.OutputTokens / (double)hour.TokenAnswered);
        }

        features[ErrorShare] = Logit(hour.Errors, hour.Calls);
        if (hour.Finishes > 0)
        {
            features[LengthFinishShare] = Logit(hour.LengthFinishes, hour.Finishes);
        }

        if (hour.Analysed > 0)
        {
            features[UnexpectedScriptShare] = Logit(hour.Unexpected, hour.Analysed);
        }

        return features;
    }

    // Empirical logit (Cox): finite at 0 and n, nearly unbiased for the log-odds.
    private static double Logit(long k, long n) => Math.Log((k + 0.5) / (n - k + 0.5));

    internal static double Median(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
