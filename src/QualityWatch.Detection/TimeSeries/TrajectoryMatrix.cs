namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// The L×K Hankel trajectory matrix H of a series x₀…x_{N−1} (Hᵢⱼ = x_{i+j}, K = N − L + 1), never formed explicitly.
/// Arithmetic is single precision in ML.NET's order, because ML.NET's SSA golden values are float results.
/// </summary>
/// <remarks>ML.NET switches to FFT-based products when L·K exceeds (3 + 3 ln N)·N; the direct products used here give
/// the same values up to float rounding.</remarks>
internal sealed class TrajectoryMatrix
{
    private readonly float[] _data;

    /// <param name="data">The series.</param>
    /// <param name="windowSize">L.</param>
    /// <param name="seriesLength">N, the number of leading points of <paramref name="data"/> used; default all.</param>
    public TrajectoryMatrix(float[] data, int windowSize, int? seriesLength = null)
    {
        _data = data;
        WindowSize = windowSize;
        SeriesLength = seriesLength ?? data.Length;
        Columns = SeriesLength - windowSize + 1;
    }

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
        for (int j = 0; j < l; j++)
        {
            float sum = 0;
            for (int i = 0; i < k; i++)
            {
                sum += _data[i] * _data[i + j];
            }

            cov[j] = sum;
        }

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

    /// <summary>result = Hᵀ·u for the L-vector starting at <paramref name="uOffset"/> (result has K entries).</summary>
    public void MultiplyTranspose(float[] u, int uOffset, float[] result)
    {
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
}
