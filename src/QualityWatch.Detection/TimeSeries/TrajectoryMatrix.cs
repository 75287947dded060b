using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// The L×K Hankel trajectory matrix H of a series x₀…x_{N−1} (Hᵢⱼ = x_{i+j}, K = N − L + 1), never formed explicitly.
/// Arithmetic is single precision in ML.NET's order, because ML.NET's SSA golden values are float results.
/// </summary>
/// <remarks>Like ML.NET, products switch to FFT circular convolutions (Korobeynikov 2010, "Computation- and
/// space-efficient implementation of SSA", algorithms 2–4) when L·K exceeds (3 + 3 ln N)·N; an FFT result is made real
/// as sign(Re)·|z| and rounded to float, as ML.NET does.</remarks>
internal sealed class TrajectoryMatrix
{
    private readonly float[] _data;
    private Complex[]? _seriesSpectrum;

    /// <param name="data">The series.</param>
    /// <param name="windowSize">L.</param>
    /// <param name="seriesLength">N, the number of leading points of <paramref name="data"/> used; default all.</param>
    public TrajectoryMatrix(float[] data, int windowSize, int? seriesLength = null)
    {
        _data = data;
        WindowSize = windowSize;
        SeriesLength = seriesLength ?? data.Length;
        Columns = SeriesLength - windowSize + 1;
        UsesFft = (double)WindowSize * Columns > (3 + (3 * Math.Log(SeriesLength))) * SeriesLength;
    }

    /// <summary>ML.NET's rule for switching the products to FFT convolutions.</summary>
    public bool UsesFft { get; }

    public int WindowSize { get; }

    public int SeriesLength { get; }

    /// <summary>K, the number of lagged vectors.</summary>
    public int Columns { get; }

    /// <summary>H·Hᵀ (L×L, row-major): the first row by direct float sums, the others by ML.NET's O(L²) recurrence
    /// C[i][j] = C[i−1][j−1] − x_{i−1}x_{j−1} + x_{i+K−1}x_{j+K−1} evaluated in double and rounded to float.</summary>
    public float[] UnnormalizedCovariance()
    {
        int l = WindowSize;
        int k = Columns;
        var cov = new float[l * l];
        Multiply(_data.AsSpan(0, k).ToArray(), cov);

        for (int i = 1; i < l; i++)
        {
            for (int j = 0; j < i; j++)
            {
                cov[(i * l) + j] = cov[(j * l) + i];
            }

            for (int j = i; j < l; j++)
            {
                cov[(i * l) + j] = (float)(cov[((i - 1) * l) + j - 1] - ((double)_data[i - 1] * _data[j - 1]) + ((double)_data[i + k - 1] * _data[j + k - 1]));
            }
        }

        return cov;
    }

    /// <summary>result[0..L) = H·v for a K-vector v.</summary>
    public void Multiply(float[] v, float[] result)
    {
        if (UsesFft)
        {
            var input = new Complex[SeriesLength];
            for (int i = 0; i < Columns; i++)
            {
                input[i] = v[Columns - i - 1];
            }

            var product = ConvolveWithSeries(input);
            for (int i = 0; i < WindowSize; i++)
            {
                result[i] = RoundToReal(product[i]);
            }

            return;
        }

        for (int j = 0; j < WindowSize; j++)
        {
            float sum = 0;
            for (int i = 0; i < Columns; i++)
            {
                sum += v[i] * _data[i + j];
            }

            result[j] = sum;
        }
    }

    /// <summary>result = Hᵀ·u for the L-vector starting at <paramref name="uOffset"/> (result has K entries).</summary>
    public void MultiplyTranspose(float[] u, int uOffset, float[] result)
    {
        if (UsesFft)
        {
            var input = new Complex[SeriesLength];
            for (int i = Columns - 1; i < SeriesLength; i++)
            {
                input[i] = u[uOffset + SeriesLength - i - 1];
            }

            var product = ConvolveWithSeries(input);
            for (int i = 0; i < Columns; i++)
            {
                result[i] = RoundToReal(product[WindowSize - 1 + i]);
            }

            return;
        }

        for (int j = 0; j < Columns; j++)
        {
            float sum = 0;
            for (int i = 0; i < WindowSize; i++)
            {
                sum += u[uOffset + i] * _data[i + j];
            }

            result[j] = sum;
        }
    }

    /// <summary>Adds the diagonal averaging (Hankelisation) of u·vᵀ to <paramref name="result"/> (N entries): the
    /// reconstruction of one elementary SSA component.</summary>
    public void AddRankOneHankelization(float[] u, int uOffset, float[] v, float[] result)
    {
        if (UsesFft)
        {
            AddRankOneHankelizationByFft(u, uOffset, v, result);
            return;
        }

        int uLength = WindowSize;
        int vLength = Columns;
        int length = SeriesLength;
        int longest = Math.Max(uLength, vLength);
        for (int i = 0; i < length; i++)
        {
            int b = Math.Min(uLength, i + 1) - 1;
            int terms = i >= longest ? length - i : b + 1;
            int c = Math.Max(0, i - uLength + 1);
            float sum = 0;
            for (int j = 0; j < terms; j++)
            {
                sum += u[uOffset + b - j] * v[c + j];
            }

            result[i] += sum / terms;
        }
    }

    private void AddRankOneHankelizationByFft(float[] u, int uOffset, float[] v, float[] result)
    {
        int length = SeriesLength;
        var left = new Complex[length];
        var right = new Complex[length];
        for (int i = 0; i < WindowSize; i++)
        {
            left[i] = u[uOffset + i];
        }

        for (int i = 0; i < Columns; i++)
        {
            right[i] = v[i];
        }

        Fourier.Forward(left, FourierOptions.Matlab);
        Fourier.Forward(right, FourierOptions.Matlab);
        for (int i = 0; i < length; i++)
        {
            left[i] *= right[i];
        }

        Fourier.Inverse(left, FourierOptions.Matlab);

        // Diagonal i of u·vᵀ has min(i + 1, L, N − i) terms; ML.NET divides in float (σ = 1f) before widening.
        int shortest = Math.Min(WindowSize, Columns);
        for (int i = 0; i < length; i++)
        {
            int terms = i < shortest ? i + 1 : i < length - shortest + 1 ? shortest : length - i;
            result[i] += RoundToReal(left[i], 1f / terms);
        }
    }

    /// <summary>Circular convolution of <paramref name="input"/> with the series rotated so that its last L values come
    /// first (the FFT of the rotation is computed once).</summary>
    private Complex[] ConvolveWithSeries(Complex[] input)
    {
        if (_seriesSpectrum is null)
        {
            _seriesSpectrum = new Complex[SeriesLength];
            for (int i = Columns - 1; i < SeriesLength; i++)
            {
                _seriesSpectrum[i - Columns + 1] = _data[i];
            }

            for (int i = 0; i < Columns - 1; i++)
            {
                _seriesSpectrum[WindowSize + i] = _data[i];
            }

            Fourier.Forward(_seriesSpectrum, FourierOptions.Matlab);
        }

        Fourier.Forward(input, FourierOptions.Matlab);
        for (int i = 0; i < SeriesLength; i++)
        {
            input[i] *= _seriesSpectrum[i];
        }

        Fourier.Inverse(input, FourierOptions.Matlab);
        return input;
    }

    private static float RoundToReal(Complex z, double coefficient = 1) => (float)(coefficient * Math.Sign(z.Real) * Math.Sqrt((z.Real * z.Real) + (z.Imaginary * z.Imaginary)));
}
