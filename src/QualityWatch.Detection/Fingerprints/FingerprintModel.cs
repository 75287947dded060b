using Microsoft.ML;
using Microsoft.ML.Data;

namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// A trained model-identity classifier: ML.NET's SDCA maximum-entropy model over <see cref="AnswerFeatures"/>, the
/// classes (configured <c>provider/model</c> identities) it knows and each class's <see cref="FingerprintCalibration"/>.
/// Scores a batch of answers at once (one ML.NET transform per canary round) and round-trips through bytes, so a
/// restarted engine scores exactly as before.
/// </summary>
internal sealed class FingerprintModel
{
    // Posteriors are clamped away from 0 and 1 before taking log-odds: one overconfident answer must not decide.
    internal const double PosteriorFloor = 1e-4;

    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly DataViewSchema _inputSchema;
    private readonly Dictionary<string, int> _index;

    public FingerprintModel(MLContext ml, ITransformer transformer, DataViewSchema inputSchema, IReadOnlyList<string> classes, IReadOnlyDictionary<string, FingerprintCalibration> calibrations)
    {
        _ml = ml;
        _transformer = transformer;
        _inputSchema = inputSchema;
        Classes = classes;
        Calibrations = calibrations;
        _index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>The identities the model tells apart, in the order of <see cref="Score"/>'s columns.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Increment calibration per class.</summary>
    public IReadOnlyDictionary<string, FingerprintCalibration> Calibrations { get; }

    /// <summary>Whether the model has a verdict on <paramref name="identity"/>: it is a class, calibrated, and told apart
    /// from the others well enough (<see cref="FingerprintTrainer.MinimumSwapIncrement"/>).</summary>
    public bool Knows(string identity) =>
        _index.ContainsKey(identity) && Calibrations.TryGetValue(identity, out var calibration) && calibration.SwapIncrement >= FingerprintTrainer.MinimumSwapIncrement;

    public int IndexOf(string identity) => _index[identity];

    /// <summary>Posteriors of every class for each feature vector, rows in input order.</summary>
    public double[][] Score(IReadOnlyList<VBuffer<float>> features)
    {
        if (features.Count == 0)
        {
            return [];
        }

        var view = _ml.Data.LoadFromEnumerable(features.Select(f => new FingerprintRow { Features = f }));
        return [.. _ml.Data.CreateEnumerable<FingerprintPrediction>(_transformer.Transform(view), reuseRowObject: false)
            .Select(p => p.Score.Select(s => (double)s).ToArray())];
    }

    /// <summary>The classifier's log-odds against <paramref name="posterior"/>'s class, clamped.</summary>
    public static double LogOddsAgainst(double posterior)
    {
        var p = Math.Clamp(posterior, PosteriorFloor, 1 - PosteriorFloor);
        return Math.Log((1 - p) / p);
    }

    /// <summary>The ML.NET model as a zip (ML.NET's own format), for the persisted engine state.</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(_transformer, _inputSchema, stream);
        return stream.ToArray();
    }

    /// <summary>Reads a model written by <see cref="Save"/>; the classes and calibrations travel beside it.</summary>
    public static FingerprintModel Load(byte[] bytes, IReadOnlyList<string> classes, IReadOnlyDictionary<string, FingerprintCalibration> calibrations)
    {
        var ml = FingerprintTrainer.Context();
        using var stream = new MemoryStream(bytes, writable: false);
        var transformer = ml.Model.Load(stream, out var schema);
        return new FingerprintModel(ml, transformer, schema, classes, calibrations);
    }

    /// <summary>The class names in score order, read from the Score column's slot names.</summary>
    internal static string[] SlotNames(ITransformer transformer, DataViewSchema inputSchema)
    {
        var column = transformer.GetOutputSchema(inputSchema)["Score"];
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }
}
