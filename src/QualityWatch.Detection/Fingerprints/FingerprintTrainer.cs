using Microsoft.ML.Data;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// Trains the model-identity classifier on the healthy canary answers of every configured model and calibrates each
/// class's CUSUM increments on answers it held out. Every <see cref="HoldOutEvery"/>-th answer of a class is held out
/// (deterministically, so a retrain from the same pool gives the same model); classes with fewer than the minimum
/// answers are left out, and with fewer than two classes there is nothing to tell apart: no model, no verdict.
/// </summary>
/// <remarks>
/// ML.NET's <c>SdcaMaximumEntropy</c> (stochastic dual coordinate ascent on the multinomial logistic loss; Shalev-Shwartz
/// &amp; Zhang 2013) on min–max-normalised features, one thread and a fixed seed so training is reproducible.
/// </remarks>
internal static class FingerprintTrainer
{
    /// <summary>One answer in this many is held out of training for calibration.</summary>
    public const int HoldOutEvery = 5;

    /// <summary>
    /// Mean increment per answer, on held-out answers of the other classes, below which a class gets no verdict: the
    /// classifier cannot tell it apart (on strict "number only" canaries every model that is right writes the same
    /// bytes). At 0.25 a full swap still reaches log 10⁷ within 65 answers; below it the chart would mostly integrate
    /// the calibration's own small biases — the demo's healthy gemini-2.5-flash drifted to a false alarm over 268
    /// strict answers that way before this floor.
    /// </summary>
    public const double MinimumSwapIncrement = 0.25;

    /// <summary>
    /// Share of the mean increment under the tuned partial swap (ρ of the answers from another model) subtracted from
    /// every increment, as Page's reference value k: each step stays an e-value (smaller, so still mean ≤ 1 under the
    /// null), healthy answers get a drift below zero that absorbs small differences between held-out and live answers,
    /// and the tuned swap keeps three quarters of its drift.
    /// </summary>
    public const double DriftAllowanceShare = 0.25;

    // Grid of temperatures for the log-odds; the best under the tuned partial swap on held-out answers is kept.
    private static readonly double[] Lambdas = [0.25, 0.5, 0.75, 1.0];

    // Standard errors added to the healthy mean of exp(λ·r): the held-out answers are a sample, the guarantee is not.
    private const double ConfidenceZ = 3;

    private const int Seed = 20_251_203;

    private const int MaximumIterations = 30;

    internal static MLContext Context() => new(seed: Seed);

    /// <summary>
    /// Trains on <paramref name="pool"/> (identity → healthy answers); null when fewer than two identities have
    /// <paramref name="minimumPerClass"/> answers. <paramref name="swapShare"/> is ρ, the share of swapped answers the
    /// increments are tuned for.
    /// </summary>
    public static FingerprintModel? Train(IReadOnlyDictionary<string, List<StoredAnswer>> pool, int minimumPerClass, double swapShare, out TimeSpan elapsed)
    {
        var clock = Stopwatch.StartNew();
        var eligible = pool.Where(p => p.Value.Count >= minimumPerClass).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (eligible.Count < 2)
        {
            elapsed = clock.Elapsed;
            return null;
        }

        var training = new List<FingerprintRow>();
        var heldOut = new List<(string Label, VBuffer<float> Features)>();
        foreach (var (identity, answers) in eligible)
        {
            for (int i = 0; i < answers.Count; i++)
            {
                var features = AnswerFeatures.Extract(answers[i].CaseKey, answers[i].Answer);
                if (i % HoldOutEvery == HoldOutEvery - 1)
                {
                    heldOut.Add((identity, features));
                }
                else
                {
                    training.Add(new FingerprintRow { Label = identity, Features = features });
                }
            }
        }

        var ml = Context();
        var data = ml.Data.LoadFromEnumerable(training);
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(FingerprintRow.Label))
            .Append(ml.Transforms.NormalizeMinMax(nameof(FingerprintRow.Features)))
            // SDCA passes over the data many times: cache the normalised rows instead of recomputing them every pass.
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = nameof(FingerprintRow.Label),
                FeatureColumnName = nameof(FingerprintRow.Features),
                NumberOfThreads = 1,
                // ML.NET's automatic choice ran ~1 s on 4,000 answers; 30 passes take ~50 ms and score the same held-out
                // posteriors to two decimals. The engine trains synchronously, so the bound matters.
                MaximumNumberOfIterations = MaximumIterations,
            }));
        var transformer = pipeline.Fit(data);
        var classes = FingerprintModel.SlotNames(transformer, data.Schema);
        var uncalibrated = new FingerprintModel(ml, transformer, data.Schema, classes, new Dictionary<string, FingerprintCalibration>());
        var scores = uncalibrated.Score([.. heldOut.Select(h => h.Features)]);
        var calibrations = new Dictionary<string, FingerprintCalibration>(StringComparer.Ordinal);
        foreach (var identity in classes)
        {
            int column = uncalibrated.IndexOf(identity);
            var healthy = new List<double>();
            var swapped = new List<double>();
            double posteriorSum = 0;
            for (int i = 0; i < heldOut.Count; i++)
            {
                double r = FingerprintModel.LogOddsAgainst(scores[i][column]);
                if (string.Equals(heldOut[i].Label, identity, StringComparison.Ordinal))
                {
                    healthy.Add(r);
                    posteriorSum += scores[i][column];
                }
                else
                {
                    swapped.Add(r);
                }
            }

            if (healthy.Count > 0 && swapped.Count > 0)
            {
                calibrations[identity] = Calibrate(healthy, swapped, swapShare) with { HealthyPosterior = posteriorSum / healthy.Count };
            }
        }

        elapsed = clock.Elapsed;
        return new FingerprintModel(ml, transformer, data.Schema, classes, calibrations);
    }

    /// <summary>
    /// Chooses λ and the offset c for one class from its held-out log-odds <paramref name="healthy"/> and those of the
    /// other classes' answers <paramref name="swapped"/> under its name.
    /// </summary>
    internal static FingerprintCalibration Calibrate(IReadOnlyList<double> healthy, IReadOnlyList<double> swapped, double swapShare)
    {
        FingerprintCalibration? best = null;
        double bestPartial = double.NegativeInfinity;
        foreach (var lambda in Lambdas)
        {
            var e = healthy.Select(r => Math.Exp(lambda * r)).ToArray();
            double mean = e.Average();
            double sd = e.Length > 1 ? Math.Sqrt(e.Sum(x => (x - mean) * (x - mean)) / (e.Length - 1)) : mean;
            // Never below 1: an offset that rewarded healthy answers would only slow detection down, not make it safer.
            double offset = Math.Log(Math.Max(1, mean + (ConfidenceZ * sd / Math.Sqrt(e.Length))));
            double swappedMean = swapped.Average(r => Increment(r, lambda, offset, swapShare));
            double partial = (swapShare * swappedMean) + ((1 - swapShare) * healthy.Average(r => Increment(r, lambda, offset, swapShare)));
            if (best is null || partial > bestPartial)
            {
                bestPartial = partial;
                best = new FingerprintCalibration(lambda, offset, 0, healthy.Count, swappedMean, DriftAllowanceShare * Math.Max(0, partial));
            }
        }

        return best!;
    }

    /// <summary>The CUSUM increment of one answer with log-odds <paramref name="logOdds"/>: log(1 − ρ + ρ·exp(λ·r − c)).</summary>
    public static double Increment(double logOdds, double lambda, double offset, double swapShare) =>
        Math.Log((1 - swapShare) + (swapShare * Math.Exp((lambda * logOdds) - offset)));
}
