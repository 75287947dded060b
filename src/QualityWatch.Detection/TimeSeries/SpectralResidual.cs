using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// The spectral-residual saliency map shared by the streaming and batch SR detectors (ML.NET <c>SrCnn*</c>):
/// back-add extrapolation, FFT, log-amplitude minus its moving average, inverse FFT, saliency magnitude.
/// </summary>
/// <remarks>Ren et al. (2019), Time-Series Anomaly Detection Service at Microsoft, KDD. https://arxiv.org/abs/1906.03821</remarks>
internal static class SpectralResidual
{
    private const double Epsilon = 1e-8;

    /// <summary>The extrapolated value appended <paramref name="backAddWindowSize"/> times (ML.NET PredictNext over the
    /// <c>lookaheadWindowSize + 1</c> points before the last).</summary>
    public static double PredictNext(ReadOnlySpan<double> data, int lookaheadWindowSize)
    {
        int start = Math.Max(0, data.Length - lookaheadWindowSize - 2);
        var window = data[start..(data.Length - 1)];
        int n = window.Length;
        if (n < 2)
        {
            return data[^1];
        }

        double slopeSum = 0;
        for (int i = 0; i < n - 1; i++)
        {
            slopeSum += (window[n - 1] - window[i]) / (n - 1 - i);
        }

        return window[1] + slopeSum;
    }

    /// <summary>Saliency magnitudes for <paramref name="data"/> followed by its back-added tail; also returns the
    /// complex IFFT so callers needing the real part (expected values) can reuse it.</summary>
    public static double[] Saliency(ReadOnlySpan<double> data, int backAddWindowSize, int lookaheadWindowSize, int averagingWindowSize)
    {
        int length = data.Length + backAddWindowSize;
        var spectrum = new Complex[length];
        double predicted = PredictNext(data, lookaheadWindowSize);
        for (int i = 0; i < data.Length; i++)
        {
            spectrum[i] = new Complex(data[i], 0);
        }

        for (int i = data.Length; i < length; i++)
        {
            spectrum[i] = new Complex(predicted, 0);
        }

        Fourier.Forward(spectrum, FourierOptions.Matlab);
        var mag = new double[length];
        var logMag = new double[length];
        double maxMag = 0;
        for (int i = 0; i < length; i++)
        {
            mag[i] = spectrum[i].Magnitude;
            maxMag = Math.Max(maxMag, mag[i]);
        }

        // Rounding noise of a double FFT on a flat series is ~1e-15·|DC|; treat it as the exact zero ML.NET sees.
        double floor = Math.Max(Epsilon, maxMag * 1e-12);
        for (int i = 0; i < length; i++)
        {
            logMag[i] = mag[i] > floor ? Math.Log(mag[i]) : 0;
        }

        var averaged = AverageFilter(logMag, averagingWindowSize);
        for (int i = 0; i < length; i++)
        {
            spectrum[i] = logMag[i] != 0
                ? spectrum[i] * (Math.Exp(logMag[i] - averaged[i]) / mag[i])
                : Complex.Zero;
        }

        Fourier.Inverse(spectrum, FourierOptions.Matlab);
        var saliency = new double[length];
        for (int i = 0; i < length; i++)
        {
            saliency[i] = spectrum[i].Magnitude;
        }

        return saliency;
    }

    /// <summary>ML.NET's AverageFilter: trailing mean over <paramref name="n"/> points (over i + 1 points at the start).</summary>
    public static double[] AverageFilter(double[] data, int n)
    {
        int length = data.Length;
        var cumSum = new double[length];
        double running = 0;
        for (int i = 0; i < length; i++)
        {
            running += data[i];
            cumSum[i] = running;
        }

        var result = (double[])cumSum.Clone();
        for (int i = n; i < length; i++)
        {
            result[i] = (cumSum[i] - cumSum[i - n]) / n;
        }

        for (int i = 1; i < Math.Min(n, length); i++)
        {
            result[i] /= i + 1;
        }

        return result;
    }

    public static double Score(double mag, double averageMag)
    {
        double divisor = Math.Abs(averageMag) < Epsilon ? Epsilon : averageMag;
        return Math.Abs(mag - averageMag) / divisor;
    }
}
