using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace QualityWatch.Detection.Multivariate;

/// <summary>
/// Trains ML.NET's randomized PCA anomaly detector (Halko, Martinsson &amp; Tropp 2011, "Finding structure with
/// randomness") on standardised healthy hourly vectors and copies its subspace out as a <see cref="PcaDriftModel"/>.
/// Seeded, so the same vectors give the same model. Returns null when the vectors define no subspace (no variance, so
/// ML.NET's eigenvectors come out NaN and it refuses them): the caller keeps the model it has.
/// </summary>
internal static class PcaDriftTrainer
{
    public static PcaDriftModel? Train(IReadOnlyList<double[]> vectors, int rank, long hour)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vectors.Count, rank + 1);
        int dimension = vectors[0].Length;
        var context = new MLContext(seed: 0);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var data = context.Data.LoadFromEnumerable(vectors.Select(v => new Row { Features = Array.ConvertAll(v, x => (float)x) }), schema);
        var trainer = context.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options
        {
            FeatureColumnName = nameof(Row.Features),
            Rank = rank,
            EnsureZeroMean = true,
            Seed = 0,
        });
        PcaModelParameters parameters;
        try
        {
            parameters = trainer.Fit(data).Model;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }

        VBuffer<float>[] eigenvectors = [];
        parameters.GetEigenVectors(ref eigenvectors, out int kept);
        VBuffer<float> mean = default;
        parameters.GetMean(ref mean);
        var model = new PcaDriftModel
        {
            Mean = mean.Length == 0 ? new double[dimension] : mean.DenseValues().Select(v => (double)v).ToArray(),
            Components = eigenvectors.Take(kept).Select(e => e.DenseValues().Select(v => (double)v).ToArray()).ToArray(),
            TrainedAtHour = hour,
            TrainingVectors = vectors.Count,
        };

        // The state is JSON (no NaN or infinity) and every score goes through these numbers.
        return model.Components.Length > 0 && model.Mean.Concat(model.Components.SelectMany(c => c)).All(double.IsFinite) ? model : null;
    }

    /// <summary>ML.NET's view of one vector.</summary>
    internal sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
