namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// Shared SSA streaming (ML.NET <c>SsaAnomalyDetectionBase</c>): buffer <c>trainingWindowSize</c> points, train the
/// adaptive SSA model on them, then score every point by the error function of (observed, one-step prediction) through
/// the sequential p-value/martingale scorer, feeding each observation to the model as it arrives.
/// </summary>
/// <remarks>ML.NET fits on the first <c>trainingWindowSize</c> points and then transforms the series from its first
/// point, continuing from the model state training left (the projection of the last L training points). To give the
/// same outputs, the detector replays the training points through the freshly trained model and the scorer when
/// training completes: the output returned for the last training point and for every later point equals
/// ML.NET's transform output for that row. Points before that return <see cref="DetectorOutput.Quiet"/>.</remarks>
public abstract class SsaDetectorBase : IStreamingDetector
{
    private readonly List<float> _training = [];
    private SsaModel _model;

    private protected SsaDetectorBase(SsaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _model = new SsaModel(options.SeasonalityWindowSize);
    }

    private protected SsaOptions Options { get; }

    /// <summary>Detector name in findings and metrics.</summary>
    public abstract string Name { get; }

    private protected abstract SequentialAnomalyScorer Scorer { get; }

    /// <summary>Buffers until trained, then scores one point. NaN is ignored (quiet output, no state change), as in ML.NET.</summary>
    public DetectorOutput Update(double value)
    {
        if (double.IsNaN(value))
        {
            return DetectorOutput.Quiet();
        }

        float observed = (float)value;
        if (_model.IsTrained)
        {
            return Step(observed);
        }

        _training.Add(observed);
        if (_training.Count < Options.TrainingWindowSize)
        {
            return DetectorOutput.Quiet();
        }

        var training = _training.ToArray();
        _training.Clear();
        _model.Train(training);
        var last = DetectorOutput.Quiet();
        foreach (float x in training)
        {
            last = Step(x);
        }

        return last;
    }

    /// <summary>ML.NET's batch semantics (<c>Fit</c> then <c>Transform</c> on the same series): trains on the first
    /// <c>trainingWindowSize</c> points and scores every point from the first. Only on a detector that has seen no point.</summary>
    internal IReadOnlyList<DetectorOutput> FitTransform(IReadOnlyList<double> series)
    {
        if (_model.IsTrained || _training.Count > 0)
        {
            throw new InvalidOperationException("FitTransform needs a detector that has not been updated yet.");
        }

        var training = series.Where(v => !double.IsNaN(v)).Take(Options.TrainingWindowSize).Select(v => (float)v).ToArray();
        _model.Train(training);
        var outputs = new List<DetectorOutput>(series.Count);
        foreach (double value in series)
        {
            outputs.Add(double.IsNaN(value) ? DetectorOutput.Quiet() : Step((float)value));
        }

        return outputs;
    }

    private DetectorOutput Step(float observed)
    {
        float expected = _model.NextPrediction;
        _model.Consume(observed);
        double raw = ErrorFunctions.Apply(Options.ErrorFunction, observed, expected);

        // ML.NET leaves the p-value and martingale state untouched when the raw score is NaN.
        return double.IsNaN(raw) ? DetectorOutput.Quiet(raw) : Score(raw);
    }

    private protected abstract DetectorOutput Score(double raw);

    /// <summary>Writes the state (training buffer, model, scorer).</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_training.Count);
        foreach (float x in _training)
        {
            writer.Write(x);
        }

        writer.Write(_model.IsTrained);
        if (_model.IsTrained)
        {
            _model.Save(writer);
        }

        Scorer.Save(writer);
    }

    /// <summary>Restores the state written by <see cref="Save"/> with the same options.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int count = reader.ReadInt32();
        if (count < 0 || count > Options.TrainingWindowSize)
        {
            throw new InvalidDataException($"Saved SSA training buffer holds {count} points; the training window is {Options.TrainingWindowSize}.");
        }

        _training.Clear();
        for (int i = 0; i < count; i++)
        {
            _training.Add(reader.ReadSingle());
        }

        _model = new SsaModel(Options.SeasonalityWindowSize);
        if (reader.ReadBoolean())
        {
            _model.Load(reader);
        }

        Scorer.Load(reader);
    }
}
