using QualityWatch.Detection.Sequential;
using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Cli.Detect;

/// <summary>
/// Runs the chosen detector over a whole file. Window sizes follow ML.NET's defaults, shrunk for short files the way
/// ML.NET's samples do (a quarter of the series), so every detector produces scores on a file of a few dozen rows.
/// </summary>
internal static class SeriesDetection
{
    public static readonly string[] Detectors = ["auto", "sr", "sr-batch", "iid-spike", "iid-changepoint", "ssa-spike", "ssa-changepoint", "cusum", "level-drift"];

    /// <summary>
    /// Scores <paramref name="file"/>'s rows in time order; the result is aligned with <see cref="SeriesFile.Rows"/>.
    /// Rows without a value (empty, NaN, total 0) are bridged for the detector and then reported unscored:
    /// score NaN, neither anomaly nor change point.
    /// </summary>
    public static DetectedPoint[] Run(SeriesFile file, string detector, int? period = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var points = detector switch
        {
            "auto" when !file.IsPassFail => SeasonalSeriesDetection.Run(file, period),
            "level-drift" => LevelDriftSeriesDetection.Run(file),
            _ => Detect(file, detector),
        };
        for (int i = 0; i < points.Length; i++)
        {
            if (double.IsNaN(file.Rows[i].Value))
            {
                points[i] = new DetectedPoint(double.NaN, Anomaly: false, ChangePoint: false);
            }
        }

        return points;
    }

    private static DetectedPoint[] Detect(SeriesFile file, string detector)
    {
        int n = file.Rows.Count;
        var values = Fill(file.Rows.Select(r => r.Value).ToArray());
        return detector switch
        {
            "sr" => Streaming(values, new SrCnnAnomalyDetector(new SrCnnOptions { WindowSize = Math.Clamp(n / 4, 8, 64), JudgementWindowSize = Math.Clamp(n / 8, 4, 21) })),
            "sr-batch" => Batch(values),
            "iid-spike" => Streaming(values, new IidSpikeDetector(new IidSpikeOptions { Confidence = 95, PvalueHistoryLength = Math.Clamp(n / 4, 4, 100) })),
            "iid-changepoint" => Streaming(values, new IidChangePointDetector(new IidChangePointOptions { Confidence = 95, ChangeHistoryLength = Math.Clamp(n / 8, 4, 20) })),
            "ssa-spike" => Streaming(values, new SsaSpikeDetector(SsaFor(n, changePoint: false))),
            "ssa-changepoint" => Streaming(values, new SsaChangePointDetector(SsaFor(n, changePoint: true))),
            "cusum" => file.IsPassFail ? BernoulliCusumRun(file) : GaussianCusumRun(values),
            _ => Auto(file, values),
        };
    }

    /// <summary><c>auto</c> on pass/fail counts: the Bernoulli CUSUM (numeric series go to
    /// <see cref="SeasonalSeriesDetection"/>).</summary>
    private static DetectedPoint[] Auto(SeriesFile file, double[] values) =>
        file.IsPassFail ? BernoulliCusumRun(file) : GaussianCusumRun(values);

    private static SsaOptions SsaFor(int n, bool changePoint)
    {
        int season = Math.Clamp(n / 10, 2, 10);
        int training = Math.Clamp(n / 2, 2 * season, 100);
        if (n < 2 * season + 1)
        {
            throw CliException.Usage($"--detector {(changePoint ? "ssa-changepoint" : "ssa-spike")} needs at least {(2 * season) + 1} rows; the input has {n}");
        }

        var baseOptions = changePoint ? SsaOptions.ChangePointDefaults : new SsaOptions { Confidence = 95 };
        return baseOptions with
        {
            SeasonalityWindowSize = season,
            TrainingWindowSize = training,
            PvalueHistoryLength = Math.Clamp(n / 4, 4, 100),
            ChangeHistoryLength = Math.Clamp(n / 8, 4, 20),
        };
    }

    private static DetectedPoint[] Streaming(double[] values, IStreamingDetector detector) =>
        values.Select(v =>
        {
            var o = detector.Update(v);
            return new DetectedPoint(Clamp(o.Score), o.IsAnomaly, o.IsChangePoint);
        }).ToArray();

    private static DetectedPoint[] Batch(double[] values)
    {
        if (values.Length < 12)
        {
            throw CliException.Usage($"--detector sr-batch needs at least 12 rows; the input has {values.Length}");
        }

        var points = new SrCnnEntireAnomalyDetector(new SrCnnEntireOptions { BatchSize = -1 }).Detect(values);
        return points.Select(p => new DetectedPoint(Clamp(p.AnomalyScore), p.IsAnomaly, false)).ToArray();
    }

    /// <summary>Two-sided CUSUM on EWMA residuals (α 0.1): the residual removes slow drifts such as a daily cycle, so the
    /// CUSUM reacts to steps (3σ steps: 1.8 points mean delay, 1.3 false alarms per 1,000 points in the evaluation).</summary>
    private static DetectedPoint[] GaussianCusumRun(double[] values)
    {
        var residuals = new double[values.Length];
        double level = values[0];
        for (int i = 0; i < values.Length; i++)
        {
            residuals[i] = values[i] - level;
            level += 0.1 * (values[i] - level);
        }

        var reference = residuals.Take(Math.Max(2, values.Length / 4)).ToArray();
        double mean = reference.Average();
        double sd = Math.Sqrt(reference.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, reference.Length - 1));
        if (sd <= 1e-12)
        {
            sd = Math.Max(1e-6, values.Select(Math.Abs).Max() * 1e-3);
        }

        var cusum = new GaussianCusum(mean, sd);
        return residuals.Select(v =>
        {
            bool alarm = cusum.Step(v);
            return new DetectedPoint(alarm ? 1 : cusum.Score, false, alarm);
        }).ToArray();
    }

    private static DetectedPoint[] BernoulliCusumRun(SeriesFile file)
    {
        // p₀ from the first quarter of the checks, one standard error conservative; tuned for a 5-point drop at ARL₀ 10,000.
        long totalChecks = file.Rows.Sum(r => r.Total ?? 0);
        long referenceTarget = Math.Max(1, totalChecks / 4);
        long passed = 0;
        long seen = 0;
        foreach (var row in file.Rows)
        {
            if (seen >= referenceTarget)
            {
                break;
            }

            passed += row.Passed ?? 0;
            seen += row.Total ?? 0;
        }

        double rate = seen == 0 ? 0.95 : passed / (double)seen;
        double p0 = Math.Clamp(rate - Math.Sqrt(Math.Max(rate * (1 - rate), 1e-4) / Math.Max(1, seen)), 0.06, 0.995);
        double p1 = Math.Max(0.01, p0 - 0.05);
        var cusum = new BernoulliCusum(new BernoulliCusumOptions { BaselinePassRate = p0, DegradedPassRate = p1, TargetArl0 = 10_000 });
        return file.Rows.Select(r =>
        {
            long p = r.Passed ?? 0;
            long t = r.Total ?? 0;
            bool alarm = cusum.Add(p, t - p);
            return new DetectedPoint(alarm ? 1 : Clamp(cusum.Statistic / cusum.Threshold), false, alarm);
        }).ToArray();
    }

    /// <summary>Rows without a value (empty, NaN, total = 0) carry the previous value so detectors see no artificial jump.</summary>
    private static double[] Fill(double[] values)
    {
        double last = values.FirstOrDefault(v => !double.IsNaN(v));
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                values[i] = double.IsNaN(last) ? 0 : last;
            }
            else
            {
                last = values[i];
            }
        }

        return values;
    }

    private static double Clamp(double score) => double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1);
}
