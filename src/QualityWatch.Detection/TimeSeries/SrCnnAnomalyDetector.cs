using System.Numerics;
using System.Runtime.InteropServices;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// ML.NET's streaming SR detector (<c>DetectAnomalyBySrCnn</c>): after an initial window of <c>windowSize</c> points,
/// each point is scored by the saliency of the last <c>windowSize</c> points (itself last) against the trailing average
/// over <c>judgementWindowSize</c>; score = |S − S̄|/S̄ / 10, alert when score &gt; threshold.
/// </summary>
/// <remarks>
/// Same arithmetic as ML.NET, computed incrementally. The window plus its back-added tail is real, so its spectrum is
/// Hermitian (X[N−k] = conj X[k]) and only bins 0..N/2 are kept: the window's DFT slides in O(N/2) per point
/// (Yₖ ← ω⁻ᵏ(Yₖ − x_old) + x_new·ω^((W−1)k)), the back-added tail enters as p·Σ ω^(jk) over its positions, and half of
/// the logarithms suffice. The spectral residual scales each bin by a real factor cₖ, so a conjugate pair contributes
/// (cₖ + c_{N−k})·Re(Xₖω^{tk}) + i(cₖ − c_{N−k})·Im(Xₖω^{tk}) to the inverse transform, which is evaluated only at the
/// <c>judgementWindowSize</c> positions the score needs, with SIMD over the bins. The spectrum is recomputed from scratch
/// every 1,024 points so rounding cannot accumulate.
/// </remarks>
public sealed class SrCnnAnomalyDetector : IStreamingDetector
{
    private const int RecomputeEvery = 1024;
    private const double Epsilon = 1e-8;

    private readonly SrCnnOptions _options;
    private readonly RingBuffer _window;
    private readonly int _length;
    private readonly int _bins;
    private readonly int _paddedBins;
    private readonly int _positions;

    // Unit roots ω^m = exp(−2πi·m/N), m = 0..N−1, for the forward transform.
    private readonly double[] _rootRe;
    private readonly double[] _rootIm;

    // Per bin k = 0..N/2: the sliding shift ω⁻ᵏ, the newest point's twiddle ω^((W−1)k), the tail sum Σ_{j≥W} ω^(jk).
    private readonly double[] _shiftRe;
    private readonly double[] _shiftIm;
    private readonly double[] _newestRe;
    private readonly double[] _newestIm;
    private readonly double[] _tailRe;
    private readonly double[] _tailIm;

    // The window's half spectrum, slid point by point.
    private readonly double[] _windowRe;
    private readonly double[] _windowIm;

    // Work buffers.
    private readonly double[] _spectrumRe;
    private readonly double[] _spectrumIm;
    private readonly double[] _magnitude;
    private readonly double[] _logMagnitude;
    private readonly double[] _factor;
    private readonly double[] _sumRe;
    private readonly double[] _sumIm;
    private readonly double[] _diffRe;
    private readonly double[] _diffIm;
    private readonly double[] _recent;
    private readonly double[] _windowCopy;

    // cos/sin(2π·t·k/N) for each judgement position t (rows) and bin k (padded columns) of the inverse transform.
    private readonly double[] _inverseCos;
    private readonly double[] _inverseSin;

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
        _bins = (_length / 2) + 1;
        int lanes = Vector<double>.Count;
        _paddedBins = (_bins + lanes - 1) / lanes * lanes;

        _rootRe = new double[_length];
        _rootIm = new double[_length];
        for (int m = 0; m < _length; m++)
        {
            double angle = -2 * Math.PI * m / _length;
            _rootRe[m] = Math.Cos(angle);
            _rootIm[m] = Math.Sin(angle);
        }

        _shiftRe = new double[_bins];
        _shiftIm = new double[_bins];
        _newestRe = new double[_bins];
        _newestIm = new double[_bins];
        _tailRe = new double[_bins];
        _tailIm = new double[_bins];
        for (int k = 0; k < _bins; k++)
        {
            int shift = (_length - k) % _length;
            _shiftRe[k] = _rootRe[shift];
            _shiftIm[k] = _rootIm[shift];
            int newest = RootIndex(w - 1, k);
            _newestRe[k] = _rootRe[newest];
            _newestIm[k] = _rootIm[newest];
            for (int j = w; j < _length; j++)
            {
                int m = RootIndex(j, k);
                _tailRe[k] += _rootRe[m];
                _tailIm[k] += _rootIm[m];
            }
        }

        // The inverse transform is only ever needed at the judgement positions: tabulate exp(+2πi·t·k/N) for them.
        int judgementFrom = w - 1 >= options.JudgementWindowSize ? w - options.JudgementWindowSize : 0;
        _positions = w - judgementFrom;
        _inverseCos = new double[_positions * _paddedBins];
        _inverseSin = new double[_positions * _paddedBins];
        for (int p = 0; p < _positions; p++)
        {
            int t = judgementFrom + p;
            for (int k = 0; k < _bins; k++)
            {
                int m = RootIndex(t, k);
                _inverseCos[(p * _paddedBins) + k] = _rootRe[m];
                _inverseSin[(p * _paddedBins) + k] = -_rootIm[m];
            }
        }

        _windowRe = new double[_bins];
        _windowIm = new double[_bins];
        _spectrumRe = new double[_bins];
        _spectrumIm = new double[_bins];
        _magnitude = new double[_bins];
        _logMagnitude = new double[_bins];
        _factor = new double[_length];
        _sumRe = new double[_paddedBins];
        _sumIm = new double[_paddedBins];
        _diffRe = new double[_paddedBins];
        _diffIm = new double[_paddedBins];
        _recent = new double[options.LookaheadWindowSize + 2];
        _windowCopy = new double[w];
    }

    /// <summary>Detector name in findings and metrics.</summary>
    public string Name => "sr";

    /// <summary>Scores one point.</summary>
    public DetectorOutput Update(double value)
    {
        int w = _options.WindowSize;
        if (_spectrumValid && _window.IsFull && _sinceRecompute < RecomputeEvery)
        {
            Slide(_window.First, value);
            _window.Add(value);
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

        if (!_spectrumValid)
        {
            RecomputeWindowSpectrum();
        }

        for (int i = 0; i < _recent.Length; i++)
        {
            _recent[i] = _window[w - _recent.Length + i];
        }

        double predicted = SpectralResidual.PredictNext(_recent, _options.LookaheadWindowSize);
        ComputeResidualFactors(predicted);
        PrepareInverse();

        // Saliency only where the score looks: the last point and the judgement window before it.
        double sum = 0;
        double lastSaliency = 0;
        for (int p = 0; p < _positions; p++)
        {
            lastSaliency = SaliencyAt(p);
            sum += lastSaliency;
        }

        double mean = sum / _positions;
        double raw = SpectralResidual.Score(lastSaliency, mean) / 10.0;
        double score = Math.Clamp(raw, 0, 1);
        return new DetectorOutput(score > _options.Threshold, false, score, raw, double.NaN, double.NaN);
    }

    private int RootIndex(int position, int bin) => (int)((long)position * bin % _length);

    private void Slide(double oldest, double newest)
    {
        for (int k = 0; k < _bins; k++)
        {
            double re = _windowRe[k] - oldest;
            double im = _windowIm[k];
            _windowRe[k] = (_shiftRe[k] * re) - (_shiftIm[k] * im) + (newest * _newestRe[k]);
            _windowIm[k] = (_shiftRe[k] * im) + (_shiftIm[k] * re) + (newest * _newestIm[k]);
        }
    }

    /// <summary>ML.NET's spectral residual as one real factor per bin: exp(log|X| − avg(log|X|)) / |X|, or 0 where the
    /// log amplitude is 0 (ML.NET zeroes those bins).</summary>
    private void ComputeResidualFactors(double predicted)
    {
        double maxMagnitude = 0;
        for (int k = 0; k < _bins; k++)
        {
            double re = _windowRe[k] + (predicted * _tailRe[k]);
            double im = _windowIm[k] + (predicted * _tailIm[k]);
            _spectrumRe[k] = re;
            _spectrumIm[k] = im;
            double magnitude = Math.Sqrt((re * re) + (im * im));
            _magnitude[k] = magnitude;
            maxMagnitude = Math.Max(maxMagnitude, magnitude);
        }

        // Rounding noise of the transform on a flat series is ~1e-14·|DC|; treat it as the exact zero ML.NET sees.
        double floor = Math.Max(Epsilon, maxMagnitude * 1e-10);
        for (int k = 0; k < _bins; k++)
        {
            _logMagnitude[k] = _magnitude[k] > floor ? Math.Log(_magnitude[k]) : 0;
        }

        // Trailing average of the log amplitude over the full spectrum (ML.NET AverageFilter); bin j > N/2 mirrors N − j.
        int n = _options.AveragingWindowSize;
        double running = 0;
        for (int j = 0; j < _length; j++)
        {
            double log = _logMagnitude[Mirror(j)];
            running += log;
            if (j >= n)
            {
                running -= _logMagnitude[Mirror(j - n)];
            }

            double average = j >= n ? running / n : running / (j + 1);
            _factor[j] = log != 0 ? Math.Exp(log - average) / _magnitude[Mirror(j)] : 0;
        }
    }

    private int Mirror(int bin) => bin < _bins ? bin : _length - bin;

    /// <summary>Folds each conjugate pair into (cₖ + c_{N−k})·Xₖ and (cₖ − c_{N−k})·Xₖ; DC and Nyquist stand alone.</summary>
    private void PrepareInverse()
    {
        for (int k = 0; k < _bins; k++)
        {
            int mirror = _length - k;
            bool paired = k > 0 && mirror != k;
            double sum = paired ? _factor[k] + _factor[mirror] : _factor[k];
            double difference = paired ? _factor[k] - _factor[mirror] : _factor[k];
            _sumRe[k] = sum * _spectrumRe[k];
            _sumIm[k] = sum * _spectrumIm[k];
            _diffRe[k] = difference * _spectrumRe[k];
            _diffIm[k] = difference * _spectrumIm[k];
        }
    }

    /// <summary>|Σⱼ cⱼXⱼ e^{2πi·t·j/N}| / N at judgement position <paramref name="position"/>, from the folded half spectrum.</summary>
    private double SaliencyAt(int position)
    {
        var cos = MemoryMarshal.Cast<double, Vector<double>>(_inverseCos.AsSpan(position * _paddedBins, _paddedBins));
        var sin = MemoryMarshal.Cast<double, Vector<double>>(_inverseSin.AsSpan(position * _paddedBins, _paddedBins));
        var sumRe = MemoryMarshal.Cast<double, Vector<double>>(_sumRe.AsSpan());
        var sumIm = MemoryMarshal.Cast<double, Vector<double>>(_sumIm.AsSpan());
        var diffRe = MemoryMarshal.Cast<double, Vector<double>>(_diffRe.AsSpan());
        var diffIm = MemoryMarshal.Cast<double, Vector<double>>(_diffIm.AsSpan());
        var re = Vector<double>.Zero;
        var im = Vector<double>.Zero;
        for (int v = 0; v < cos.Length; v++)
        {
            re += (sumRe[v] * cos[v]) - (sumIm[v] * sin[v]);
            im += (diffRe[v] * sin[v]) + (diffIm[v] * cos[v]);
        }

        double real = Vector.Sum(re);
        double imaginary = Vector.Sum(im);
        return Math.Sqrt((real * real) + (imaginary * imaginary)) / _length;
    }

    private void RecomputeWindowSpectrum()
    {
        int w = _options.WindowSize;
        for (int j = 0; j < w; j++)
        {
            _windowCopy[j] = _window[j];
        }

        for (int k = 0; k < _bins; k++)
        {
            double re = 0;
            double im = 0;
            for (int j = 0; j < w; j++)
            {
                int m = RootIndex(j, k);
                re += _windowCopy[j] * _rootRe[m];
                im += _windowCopy[j] * _rootIm[m];
            }

            _windowRe[k] = re;
            _windowIm[k] = im;
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
