using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using QualityWatch.Detection.Multivariate;
using Xunit.Abstractions;

namespace QualityWatch.Detection.Tests.Multivariate;

public sealed class PcaDriftTrainerTests(ITestOutputHelper output)
{
    private static List<double[]> Vectors(int count, int seed)
    {
        // Two latent modes (load: features 0 and 1; length: 2 with 0) plus unit noise everywhere.
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, count).Select(_ =>
        {
            double load = 3 * Normal();
            double length = 2 * Normal();
            return new[] { load + (0.5 * length) + (0.3 * Normal()), load + (0.3 * Normal()), length + (0.3 * Normal()), 0.3 * Normal(), 0.3 * Normal(), 0.3 * Normal() };
        }).ToList();
    }

    [Fact]
    public void Train_CopiesMlNetsSubspace_WhoseRelativeResidualIsMlNetsOwnAnomalyScore()
    {
        var training = Vectors(2_000, 1);
        var model = PcaDriftTrainer.Train(training, 2, 100);
        Assert.NotNull(model);

        Assert.Equal(2, model.Components.Length);
        foreach (var component in model.Components)
        {
            Assert.Equal(1, Math.Sqrt(component.Sum(c => c * c)), 3);
        }

        // ML.NET's own scorer on the same data and seed.
        var context = new MLContext(seed: 0);
        var schema = SchemaDefinition.Create(typeof(PcaDriftTrainer.Row));
        schema[nameof(PcaDriftTrainer.Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 6);
        var data = context.Data.LoadFromEnumerable(training.Select(v => new PcaDriftTrainer.Row { Features = Array.ConvertAll(v, x => (float)x) }), schema);
        var transformer = context.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options { FeatureColumnName = nameof(PcaDriftTrainer.Row.Features), Rank = 2, EnsureZeroMean = true, Seed = 0 }).Fit(data);
        var probe = Vectors(200, 2);
        probe.AddRange(Enumerable.Range(0, 20).Select(i => new double[] { 0, 0, 0, 1 + i, -1 - i, 0 }));
        var scored = transformer.Transform(context.Data.LoadFromEnumerable(probe.Select(v => new PcaDriftTrainer.Row { Features = Array.ConvertAll(v, x => (float)x) }), schema));
        var theirs = scored.GetColumn<float>("Score").Select(s => (double)s).ToArray();
        // ML.NET's score is the residual norm relative to the centred vector's norm; the detector uses the absolute norm
        // (a shift that also moves the hour along a component must not be diluted by it), from the same subspace.
        var relative = probe.Select(v => PcaDriftModel.Score(model.Residual(v)) / Math.Sqrt(v.Zip(model.Mean).Sum(p => (p.First - p.Second) * (p.First - p.Second)))).ToArray();

        double worst = relative.Zip(theirs).Max(p => Math.Abs(p.First - p.Second) / Math.Max(p.Second, 1e-3));
        output.WriteLine($"largest relative difference from ML.NET's score: {worst:P2}");
        Assert.True(worst < 0.01, $"{worst:P2}");
        Assert.True(Spearman(relative, theirs) > 0.999);
    }

    [Fact]
    public void Train_OnTheLargestFleetPoolItTakes_StaysUnderASecond()
    {
        var vectors = Vectors(MultivariateDriftOptions.Defaults.MaximumTrainingVectors, 3);
        PcaDriftTrainer.Train(vectors.Take(100).ToList(), 2, 0); // JIT and ML.NET's first-use costs

        var watch = System.Diagnostics.Stopwatch.StartNew();
        PcaDriftTrainer.Train(vectors, 2, 0);
        var large = watch.Elapsed;
        watch.Restart();
        PcaDriftTrainer.Train(vectors.Take(200).ToList(), 2, 0);
        var small = watch.Elapsed;

        output.WriteLine($"training on {vectors.Count} vectors: {large.TotalMilliseconds:F0} ms; on 200: {small.TotalMilliseconds:F1} ms");
        Assert.True(large < TimeSpan.FromSeconds(1), $"{large.TotalMilliseconds} ms");
    }

    [Fact]
    public void Train_OnVectorsWithoutAnyVariance_GivesNoModelRatherThanNonFiniteNumbers()
    {
        var flat = Enumerable.Range(0, 100).Select(_ => new double[6]).ToList();

        var model = PcaDriftTrainer.Train(flat, 2, 0);

        Assert.Null(model);
    }

    private static double Spearman(double[] a, double[] b)
    {
        static double[] Ranks(double[] v)
        {
            var order = v.Select((x, i) => (x, i)).OrderBy(p => p.x).Select(p => p.i).ToArray();
            var ranks = new double[v.Length];
            for (int r = 0; r < order.Length; r++)
            {
                ranks[order[r]] = r;
            }

            return ranks;
        }

        var ra = Ranks(a);
        var rb = Ranks(b);
        double ma = ra.Average();
        double mb = rb.Average();
        double cov = ra.Zip(rb).Sum(p => (p.First - ma) * (p.Second - mb));
        return cov / Math.Sqrt(ra.Sum(x => (x - ma) * (x - ma)) * rb.Sum(x => (x - mb) * (x - mb)));
    }
}
