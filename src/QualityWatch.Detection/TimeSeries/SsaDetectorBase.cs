using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>Shared SSA streaming: buffer <c>trainingWindowSize</c> points, train, then score each point by the error
/// function of (observed, one-step forecast) through the sequential p-value/martingale scorer.</summary>
public abstract class SsaDetectorBase : IStreamingDetector
{
    private readonly List<double> _training = [];
    private readonly RingBuffer _recent;
    private SsaModel? _model;

    private protected SsaDetectorBase(SsaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _recent = new RingBuffer(options.SeasonalityWindowSize - 1);
    }

    private protected SsaOptions Options { get; }

    /// <summary>Detector name in findings and metrics.</summary>
    public abstract string Name { get; }

    private protected abstract SequentialAnomalyScorer Scorer { get; }

    /// <summary>Buffers until trained, then scores one point.</summary>
    public DetectorOutput Update(double value)
    {
        if (_model is null)
        {
            _training.Add(value);
            _recent.Add(value);
            if (_training.Count == Options.TrainingWindowSize)
            {
                _model = SsaModel.Train(_training, Options.SeasonalityWindowSize);
                _training.Clear();
            }

            return DetectorOutput.Quiet();
        }

        double forecast = _model.Forecast(_recent.ToArray());
        double raw = ErrorFunctions.Apply(Options.ErrorFunction, value, forecast);
        _recent.Add(value);
        return Score(raw);
    }

    private protected abstract DetectorOutput Score(double raw);

    /// <summary>Writes the state (training buffer or model, recent values, scorer).</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(_model is not null);
        if (_model is null)
        {
            writer.Write(_training.Count);
            foreach (var x in _training)
            {
                writer.Write(x);
            }
        }
        else
        {
            writer.Write(_model.Rank);
            writer.Write(_model.Coefficients.Length);
            foreach (var c in _model.Coefficients)
            {
                writer.Write(c);
            }
        }

        StateIo.Write(writer, _recent);
        Scorer.Save(writer);
    }

    /// <summary>Restores the state.</summary>
    public void Load(BinaryReader reader)
    {
        _training.Clear();
        _model = null;
        if (reader.ReadBoolean())
        {
            int rank = reader.ReadInt32();
            var coefficients = new double[reader.ReadInt32()];
            for (int i = 0; i < coefficients.Length; i++)
            {
                coefficients[i] = reader.ReadDouble();
            }

            _model = SsaModel.FromCoefficients(coefficients, rank);
        }
        else
        {
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                _training.Add(reader.ReadDouble());
            }
        }

        StateIo.Read(reader, _recent);
        Scorer.Load(reader);
    }
}
