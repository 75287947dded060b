using System.Numerics;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// ML.NET's streaming SR detector (<c>DetectAnomalyBySrCnn</c>): after an initial window of <c>windowSize</c> points,
/// each point is scored by the saliency of the last <c>windowSize</c> points (itself last) against the trailing average
/// over <c>judgementWindowSize</c>; score = |S − S̄|/S̄ / 10, alert when score &gt; threshold.
/// </summary>
/// <remarks>
/// Same arithmetic as ML.NET, computed incrementally: the window's DFT slides in O(N) per point
/// (Yₖ ← ω⁻ᵏ(Yₖ − x_old) + x_new·ω^((W−1)k)), the back-added tail enters as p·Σ ω^(jk) over its positions, and the
/// inverse transform is evaluated only at the <c>judgementWindowSize</c> positions the score needs. The spectrum is
/// recomputed from scratch every 1,024 points so rounding cannot accumulate. O(N·judgementWindowSize) per point instead of
/// a full FFT pair.
/// </remarks>
public sealed class SrCnnAnomalyDetector : IStreamingDetector
{
    private const int RecomputeEvery = 1024;
    private const double Epsilon = 1e-8;

    private readonly SrCnnOptions _options;
    private readonly RingBuffer _window;
    private readonly int _length;
    private readonly Complex[] _twiddle;
    private readonly Complex[] _windowSpectrum;
    private readonly Complex[] _tailSums;
    private readonly Complex[] _shift;
    private readonly Complex[] _spectrum;
    private readonly double[] _logMagnitude;
    private readonly double[] _magnitude;
    private readonly double[] _window64;
    private readonly Complex[] _newestTwiddle;
    private readonly Complex[] _inverseTwiddle;
    private readonly int _judgementFrom;
    private bool _spectrumValid;
    private int _sinceRecompute;
    private long _seen;

    /// <summary>Creates the detector; options are validated here.</summary>
    public SrCnnAnomalyDetector(SrCnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _window = new RingBuffer(options.WindowSize);
        int w = options.WindowSize;
        _length = w + options.BackAddWindowSize;
        _twiddle = new Complex[_length];
        for (int m = 0; m < _length; m++)
        {
            _twiddle[m] = Complex.FromPolarCoordinates(1, -2 * Math.PI * m / _length);
        }

        _windowSpectrum = new Complex[_length];
        _tailSums = new Complex[_length];
        _shift = new Complex[_length];
        for (int k = 0; k < _length; k++)
        {
            for (int j = w; j < _length; j++)
            {
                _tailSums[k] += _twiddle[(int)((long)j * k % _length)];
            }

            _shift[k] = _twiddle[(_length - k) % _length];
        }

        // The inverse transform is only ever needed at the judgement positions: tabulate exp(+2πi·t·k/N) for them.
        _judgementFrom = w - 1 >= options.JudgementWindowSize ? w - options.JudgementWindowSize : 0;
        int positions = w - _judgementFrom;
        _inverseTwiddle = new Complex[positions * _length];
        for (int p = 0; p < positions; p++)
        {
            int t = _judgementFrom + p;
            for (int k = 0; k < _length; k++)
            {
                int m = (int)((long)t * k % _length);
                _inverseTwiddle[(p * _length) + k] = _twiddle[(_length - m) % _length];
            }
        }

        _newestTwiddle = new Complex[_length];
        for (int k = 0; k < _length; k++)
        {
            _newestTwiddle[k] = _twiddle[(int)((long)(w - 1) * k % _length)];
        }

        _spectrum = new Complex[_length];
        _logMagnitude = new double[_length];
        _magnitude = new double[_length];
        _window64 = new double[w];
    }

    /// <summary>Detector name in findings and metrics.</summary>
    public string Name => "sr";

    /// <summary>Scores one point.</summary>
    public DetectorOutput Update(double value)
    {
        int w = _options.WindowSize;
        if (_spectrumValid && _window.IsFull && _sinceRecompute < RecomputeEvery)
        {
            double oldest = _window.First;
            _window.Add(value);
            for (int k = 0; k < _length; k++)
            {
                _windowSpectrum[k] = (_shift[k] * (_windowSpectrum[k] - oldest)) + (value * _newestTwiddle[k]);
            }

            _sinceRecompute++;
        }
        else
        {
            _window.Add(value);
            _spectrumValid = false;
        }

        _seen++;
        if (_seen <= w)
        {
            return DetectorOutput.Quiet(0);
        }

        for (int i = 0; i < w; i++)
        {
            _window64[i] = _window[i];
        }

        if (!_spectrumValid)
        {
            RecomputeWindowSpectrum();
        }

        double predicted = SpectralResidual.PredictNext(_window64, _options.LookaheadWindowSize);
        double maxMagnitude = 0;
        for (int k = 0; k < _length; k++)
        {
            _spectrum[k] = _windowSpectrum[k] + (predicted * _tailSums[k]);
            _magnitude[k] = _spectrum[k].Magnitude;
            maxMagnitude = Math.Max(maxMagnitude, _magnitude[k]);
        }

        // Rounding noise of the transform on a flat series is ~1e-14·|DC|; treat it as the exact zero ML.NET sees.
        double floor = Math.Max(Epsilon, maxMagnitude * 1e-10);
        for (int k = 0; k < _length; k++)
        {
            _logMagnitude[k] = _magnitude[k] > floor ? Math.Log(_magnitude[k]) : 0;
        }

        // Spectral residual: log amplitude minus its trailing average (ML.NET AverageFilter), phase kept.
        int n = _options.AveragingWindowSize;
        double running = 0;
        for (int k = 0; k < _length; k++)
        {
            running += _logMagnitude[k];
            if (k >= n)
            {
                running -= _logMagnitude[k - n];
            }

            double average = k >= n ? running / n : running / (k + 1);

            _spectrum[k] = _logMagnitude[k] != 0 ? _spectrum[k] * (Math.Exp(_logMagnitude[k] - average) / _magnitude[k]) : Complex.Zero;
        }

        // Saliency only where the score looks: the last point and the judgement window before it.
        int lastIndex = w - 1;
        int from = _judgementFrom;
        double sum = 0;
        double lastSaliency = 0;
        for (int t = from; t <= lastIndex; t++)
        {
            double saliency = SaliencyAt(t - from);
            sum += saliency;
            if (t == lastIndex)
            {
                lastSaliency = saliency;
            }
        }

        double mean = sum / (lastIndex - from + 1);
        double raw = SpectralResidual.Score(lastSaliency, mean) / 10.0;
        double score = Math.Clamp(raw, 0, 1);
        return new DetectorOutput(score > _options.Threshold, false, score, raw, double.NaN, double.NaN);
    }

    private double SaliencyAt(int position)
    {
        double re = 0;
        double im = 0;
        var row = _inverseTwiddle.AsSpan(position * _length, _length);
        for (int k = 0; k < _length; k++)
        {
            var a = _spectrum[k];
            var b = row[k];
            re += (a.Real * b.Real) - (a.Imaginary * b.Imaginary);
            im += (a.Real * b.Imaginary) + (a.Imaginary * b.Real);
        }

        return Math.Sqrt((re * re) + (im * im)) / _length;
    }

    private void RecomputeWindowSpectrum()
    {
        int w = _options.WindowSize;
        for (int k = 0; k < _length; k++)
        {
            Complex sum = Complex.Zero;
            for (int j = 0; j < w; j++)
            {
                sum += _window64[j] * _twiddle[(int)((long)j * k % _length)];
            }

            _windowSpectrum[k] = sum;
        }

        _spectrumValid = true;
        _sinceRecompute = 0;
    }

    /// <summary>Writes the state.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_seen);
        StateIo.Write(writer, _window);
    }

    /// <summary>Restores the state.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _seen = reader.ReadInt64();
        StateIo.Read(reader, _window);
        _spectrumValid = false;
    }
}
