using System.Globalization;
using System.Text;
using QualityWatch.Detection.Sequential;
using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Benchmarks.Detection;

/// <summary>
/// Scores every detector on labelled, generated series: recall of injected faults, false alarms per 1,000 healthy points,
/// and mean detection delay against the theoretical optimum. `dotnet run -c Release --project tests/QualityWatch.Benchmarks -- evaluate`.
/// </summary>
public static class EvaluationHarness
{
    private const int Length = 1440;
    private const int SpikeTolerance = 2;
    private const int ShiftTolerance = 60;

    public static IReadOnlyList<EvaluationRow> Run(int seed = 20261121, int seriesPerScenario = 20)
    {
        var rows = new List<EvaluationRow>();
        var spikeDetectors = new (string Name, Func<IStreamingDetector> Create)[]
        {
            ("sr (window 64)", () => new SrCnnAnomalyDetector(new SrCnnOptions())),
            ("iid-spike (99%, history 100)", () => new IidSpikeDetector(new IidSpikeOptions())),
            ("ssa-spike (99%, training 100, L 10)", () => new SsaSpikeDetector(new SsaOptions())),
        };
        foreach (var (name, create) in spikeDetectors)
        {
            var generator = new SeriesGenerator(seed);
            rows.Add(Score(name, "6σ spikes", Enumerable.Range(0, seriesPerScenario).Select(_ => generator.WithSpikes(Length, 5, 6)), s => Stream(create(), s.Values, o => o.IsAnomaly), SpikeTolerance, 0, "points"));
        }

        {
            var generator = new SeriesGenerator(seed);
            rows.Add(Score("sr-batch (threshold 0.3, sensitivity 99)", "6σ spikes", Enumerable.Range(0, seriesPerScenario).Select(_ => generator.WithSpikes(Length, 5, 6)),
                s => new SrCnnEntireAnomalyDetector(new SrCnnEntireOptions { BatchSize = -1 }).Detect(s.Values).Select(p => p.IsAnomaly).ToArray(), SpikeTolerance, 0, "points"));
        }

        // Level shifts of 3σ: the optimal (CUSUM, Lorden) delay for a known shift δ = 3σ at ARL₀ ≈ 465 is ≈ log(ARL₀)/(δ²/2).
        double shiftOptimum = Math.Log(465) / (3.0 * 3.0 / 2.0);
        var shiftDetectors = new (string Name, Func<LabelledSeries, bool[]> Run)[]
        {
            ("iid-changepoint (95%, history 20)", s => Stream(new IidChangePointDetector(new IidChangePointOptions()), s.Values, o => o.IsChangePoint)),
            ("ssa-changepoint (95%, training 100, L 10)", s => Stream(new SsaChangePointDetector(SsaOptions.ChangePointDefaults), s.Values, o => o.IsChangePoint)),
            ("gaussian-cusum (k 0.5σ, h 5σ)", s => GaussianCusumRun(s.Values)),
            ("gaussian-cusum on EWMA residuals (α 0.1)", s => GaussianCusumRun(EwmaResiduals(s.Values, 0.1))),
        };
        foreach (var (name, run) in shiftDetectors)
        {
            var generator = new SeriesGenerator(seed + 1);
            rows.Add(Score(name, "3σ level shift", Enumerable.Range(0, seriesPerScenario).Select(_ => generator.WithLevelShift(Length, 3)), run, ShiftTolerance, shiftOptimum, "points"));
        }

        rows.Add(BernoulliRow(seed + 2, seriesPerScenario));
        return rows;
    }

    private static EvaluationRow BernoulliRow(int seed, int count)
    {
        const int checks = 30_000;
        var generator = new SeriesGenerator(seed);
        var options = new BernoulliCusumOptions { BaselinePassRate = 0.95, DegradedPassRate = 0.90, TargetArl0 = 10_000 };
        double h = CusumCalibration.Threshold(0.95, 0.90, 10_000);
        int detected = 0;
        double falseAlarms = 0;
        double healthy = 0;
        double delaySum = 0;
        for (int s = 0; s < count; s++)
        {
            var (passed, at) = generator.PassFail(checks, 0.95, 0.90);
            var cusum = new BernoulliCusum(options, h);
            bool found = false;
            for (int i = 0; i < checks && !found; i++)
            {
                bool alarm = cusum.Step(!passed[i]);
                if (alarm && i < at)
                {
                    falseAlarms++;
                }
                else if (alarm)
                {
                    found = true;
                    detected++;
                    delaySum += i - at + 1;
                }
            }

            healthy += at;
        }

        return new EvaluationRow("bernoulli-cusum (95%→90%, ARL₀ 10,000)", "pass rate 95% → 90%", count, detected, falseAlarms / healthy * 1000, detected == 0 ? double.NaN : delaySum / detected, h / CusumCalibration.KullbackLeibler(0.90, 0.95), "checks");
    }

    private static EvaluationRow Score(string detector, string scenario, IEnumerable<LabelledSeries> series, Func<LabelledSeries, bool[]> run, int tolerance, double optimum, string unit)
    {
        int faults = 0;
        int detected = 0;
        double falseAlarms = 0;
        double healthyPoints = 0;
        double delaySum = 0;
        foreach (var s in series)
        {
            var alarms = run(s);
            var covered = new bool[s.Values.Length];
            foreach (var start in s.FaultStarts)
            {
                faults++;
                int end = Math.Min(s.Values.Length - 1, start + tolerance);
                for (int i = start; i <= end; i++)
                {
                    covered[i] = true;
                }

                int first = Array.FindIndex(alarms, start, end - start + 1, a => a);
                if (first >= 0)
                {
                    detected++;
                    delaySum += first - start;
                }
            }

            // For level shifts everything after the start is "changed"; only points before it count as healthy.
            int healthyEnd = scenario.Contains("shift", StringComparison.Ordinal) ? s.FaultStarts[0] : s.Values.Length;
            for (int i = 0; i < healthyEnd; i++)
            {
                if (!covered[i])
                {
                    healthyPoints++;
                    falseAlarms += alarms[i] ? 1 : 0;
                }
            }
        }

        return new EvaluationRow(detector, scenario, faults, detected, falseAlarms / healthyPoints * 1000, detected == 0 ? double.NaN : delaySum / detected, optimum, unit);
    }

    private static bool[] Stream(IStreamingDetector detector, double[] values, Func<DetectorOutput, bool> alarm) =>
        values.Select(v => alarm(detector.Update(v))).ToArray();

    private static bool[] GaussianCusumRun(double[] values)
    {
        var reference = values.Take(200).ToArray();
        double mean = reference.Average();
        double sd = Math.Sqrt(reference.Sum(v => (v - mean) * (v - mean)) / (reference.Length - 1));
        var cusum = new GaussianCusum(mean, sd);
        return values.Select(cusum.Step).ToArray();
    }

    /// <summary>x − EWMA(x) before x: removes the slow daily cycle so the CUSUM sees steps, not the time of day.</summary>
    private static double[] EwmaResiduals(double[] values, double alpha)
    {
        var residuals = new double[values.Length];
        double level = values[0];
        for (int i = 0; i < values.Length; i++)
        {
            residuals[i] = values[i] - level;
            level += alpha * (values[i] - level);
        }

        return residuals;
    }

    public static string ToMarkdown(IReadOnlyList<EvaluationRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| Detector | Scenario | Faults | Recall | False alarms / 1,000 healthy points | Mean delay | Optimal delay |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Detector} | {r.Scenario} | {r.Faults} | {r.Recall:P0} | {r.FalseAlarmsPer1000:F2} | {Delay(r.MeanDelay, r.DelayUnit)} | {Delay(r.OptimalDelay, r.DelayUnit)} |");
        }

        return text.ToString();
    }

    private static string Delay(double value, string unit) =>
        double.IsNaN(value) ? "—" : string.Create(CultureInfo.InvariantCulture, $"{value:F1} {unit}");
}
