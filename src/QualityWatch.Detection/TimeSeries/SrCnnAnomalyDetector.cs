using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// ML.NET's streaming SR detector (<c>DetectAnomalyBySrCnn</c>): after an initial window of <c>windowSize</c> points,
/// each point is scored by the saliency of the last <c>windowSize</c> points (itself last) against the trailing average
/// over <c>judgementWindowSize</c>; score = |S − S̄|/S̄ / 10, alert when score &gt; threshold.
/// </summary>
public sealed class SrCnnAnomalyDetector : IStreamingDetector
{
    private readonly SrCnnOptions _options;
    private readonly RingBuffer _window;
    private long _seen;

    public SrCnnAnomalyDetector(SrCnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _window = new RingBuffer(options.WindowSize);
    }

    public string Name => "sr";

    public DetectorOutput Update(double value)
    {
        _window.Add(value);
        _seen++;
        if (_seen <= _options.WindowSize)
        {
            return DetectorOutput.Quiet(0);
        }

        var data = _window.ToArray();
        var saliency = SpectralResidual.Saliency(data, _options.BackAddWindowSize, _options.LookaheadWindowSize, _options.AveragingWindowSize);
        var averaged = SpectralResidual.AverageFilter(saliency, _options.JudgementWindowSize);
        int last = data.Length - 1;
        double raw = SpectralResidual.Score(saliency[last], averaged[last]) / 10.0;
        double score = Math.Clamp(raw, 0, 1);
        return new DetectorOutput(score > _options.Threshold, false, score, raw, double.NaN, double.NaN);
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(_seen);
        StateIo.Write(writer, _window);
    }

    public void Load(BinaryReader reader)
    {
        _seen = reader.ReadInt64();
        StateIo.Read(reader, _window);
    }
}
