using MathNet.Numerics.LinearAlgebra;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// Port of ML.NET's <c>AdaptiveSingularSpectrumSequenceModeler</c> as its SSA anomaly detectors configure it: exact rank
/// selection with maxRank = L/2, no root stabilisation, no forecast intervals, series buffer L + 1.
/// </summary>
/// <remarks>
/// Training: eigen-decomposition of the lag-covariance H·Hᵀ of the L×K trajectory matrix (double precision, rounded to
/// float as ML.NET's MKL path does); a "standard" eigenvector (last component ±1) shrinks L by one and retrains; the rank
/// r ≤ maxRank minimising the absolute error of recurrent forecasts over the last min(max(L, 200), K) training points is
/// kept; the linear recurrent formula is aᵢ = Σₖ πₖ·uₖ,ᵢ / (1 − ν²), ν² = Σₖ πₖ² (Golyandina, Nekrutkin &amp; Zhigljavsky
/// 2001, ch. 2). Online: each observation is projected on the signal subspace (y = Wx, x̃ = Wᵀy) and the L − 1 state
/// values are updated as running diagonal averages (Badeau, David &amp; Richard, "Fast approximated power iteration
/// subspace tracking", eq. 11, as cited by ML.NET); the next prediction is Σ aᵢ·stateᵢ. ML.NET's anomaly detectors
/// build the modeler with shouldStablize = false, so the characteristic-polynomial root stabilisation it applies for
/// forecasting is not part of detection. All arithmetic is single precision in ML.NET's order.
/// </remarks>
internal sealed class SsaModel
{
    private readonly int _seriesLength;
    private readonly RingBuffer _buffer;
    private int _windowSize;
    private int _maxRank;
    private int _rank;
    private float[] _alpha;
    private float[] _state;
    private float[] _weights = [];
    private float _nextPrediction;

    // Scratch vectors for Consume (x, y = W·x, x̃ = Wᵀ·y), sized once per trained model so a point allocates nothing.
    private float[] _x = [];
    private float[] _y = [];
    private float[] _smooth = [];

    public SsaModel(int windowSize)
    {
        _windowSize = windowSize;
        _maxRank = windowSize / 2;
        _seriesLength = windowSize + 1;
        _buffer = new RingBuffer(_seriesLength);
        _alpha = new float[windowSize - 1];
        _state = new float[windowSize - 1];
    }

    /// <summary>L after training (training shrinks it when an eigenvector is a standard basis vector).</summary>
    public int WindowSize => _windowSize;

    /// <summary>r, the dimension of the signal subspace.</summary>
    public int Rank => _rank;

    public bool IsTrained => _weights.Length > 0;

    /// <summary>The one-step forecast of the next observation.</summary>
    public float NextPrediction => _nextPrediction;

    /// <summary>a₀…a_{L−2} of the linear recurrent formula.</summary>
    public IReadOnlyList<float> AutoRegressiveCoefficients => _alpha;

    /// <summary>Trains on the series (ML.NET <c>TrainCore</c>); needs more than 2·L points.</summary>
    public void Train(float[] series)
    {
        if (series.Length <= 2 * _windowSize)
        {
            throw new ArgumentException($"Training needs more than {2 * _windowSize} points; got {series.Length}.", nameof(series));
        }

        var trajectory = new TrajectoryMatrix(series, _windowSize);
        var (_, vectors) = SymmetricEigen(trajectory.UnnormalizedCovariance(), _windowSize);
        int l = _windowSize;
        bool naive = false;
        for (int i = 0; i < l * _maxRank; i++)
        {
            if (float.IsNaN(vectors[i]))
            {
                naive = true;
                break;
            }
        }

        if (!naive)
        {
            for (int i = 0; i < l; i++)
            {
                float last = vectors[((i + 1) * l) - 1];
                if (last * last == 1)
                {
                    if (l > 2)
                    {
                        // A standard basis eigenvector makes 1 − ν² vanish; ML.NET retries with a shorter window.
                        _windowSize--;
                        _maxRank = _windowSize / 2;
                        _alpha = new float[_windowSize - 1];
                        _state = new float[_windowSize - 1];
                        Train(series);
                        return;
                    }

                    naive = true;
                    break;
                }
            }
        }

        if (naive)
        {
            _rank = 1;
            float flat = (float)(1f / Math.Sqrt(l));
            for (int i = 0; i < l; i++)
            {
                vectors[i] = flat;
            }
        }
        else
        {
            _rank = SelectRank(series, trajectory, vectors, _maxRank);
        }

        _weights = new float[_rank * l];
        Array.Copy(vectors, _weights, _weights.Length);

        AllocateScratch();
        var y = _y;
        float nu = 0;
        for (int i = 0; i < _rank; i++)
        {
            y[i] = _weights[(l * (i + 1)) - 1];
            nu += y[i] * y[i];
        }

        var smooth = _smooth;
        TransposeTimes(y, smooth);
        for (int i = 0; i < l - 1; i++)
        {
            _alpha[i] = smooth[i] / (1 - nu);
        }

        var x = _x;
        Array.Clear(x);
        if (_buffer.Count > 0)
        {
            int len = _buffer.Count;
            for (int i = Math.Max(0, len - l); i < len; i++)
            {
                x[i - len + l] = (float)_buffer[i];
            }
        }
        else
        {
            Array.Copy(series, series.Length - l, x, 0, l);
        }

        Times(x, y);
        TransposeTimes(y, smooth);
        _nextPrediction = 0;
        for (int i = 1; i < l; i++)
        {
            _state[i - 1] = smooth[i];
            _nextPrediction += _state[i - 1] * _alpha[i - 1];
        }
    }

    /// <summary>Feeds the next observation (ML.NET <c>Consume</c>): projects the last L values on the signal subspace,
    /// updates the state by running diagonal averages and recomputes the next prediction. NaN is ignored.</summary>
    public void Consume(float input)
    {
        if (float.IsNaN(input) || !IsTrained)
        {
            return;
        }

        int l = _windowSize;
        if (_buffer.Count == 0)
        {
            for (int i = 0; i < l - 1; i++)
            {
                _buffer.Add(_state[i]);
            }
        }

        var x = _x;
        Array.Clear(x);
        int len = _buffer.Count;
        for (int i = Math.Max(0, len - l + 1); i < len; i++)
        {
            x[i - len + l - 1] = (float)_buffer[i];
        }

        x[l - 1] = input;
        var smooth = _smooth;
        Times(x, _y);
        TransposeTimes(_y, smooth);
        _nextPrediction = 0;
        for (int i = 0; i < l - 2; i++)
        {
            _state[i] = (((l - 2 - i) * _state[i + 1]) + smooth[i + 1]) / (l - 1 - i);
            _nextPrediction += _state[i] * _alpha[i];
        }

        _state[l - 2] = smooth[l - 1];
        _nextPrediction += _state[l - 2] * _alpha[l - 2];
        _buffer.Add(input);
    }

    /// <summary>ML.NET <c>InitState</c>: clears the observation buffer and all but the last state value (the prediction
    /// is left as it is).</summary>
    public void ResetState()
    {
        for (int i = 0; i < _windowSize - 2; i++)
        {
            _state[i] = 0;
        }

        _buffer.Load([]);
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(_windowSize);
        writer.Write(_maxRank);
        writer.Write(_rank);
        WriteFloats(writer, _alpha);
        WriteFloats(writer, _state);
        WriteFloats(writer, _weights);
        writer.Write(_nextPrediction);
        StateIo.Write(writer, _buffer);
    }

    public void Load(BinaryReader reader)
    {
        int windowSize = reader.ReadInt32();
        if (windowSize < 2 || windowSize > _seriesLength - 1)
        {
            throw new InvalidDataException($"Saved SSA window {windowSize} does not fit a model of window {_seriesLength - 1}.");
        }

        _windowSize = windowSize;
        _maxRank = reader.ReadInt32();
        _rank = reader.ReadInt32();
        _alpha = ReadFloats(reader, windowSize - 1);
        _state = ReadFloats(reader, windowSize - 1);
        _weights = ReadFloats(reader, _rank * windowSize);
        _nextPrediction = reader.ReadSingle();
        StateIo.Read(reader, _buffer);
        AllocateScratch();
    }

    private void AllocateScratch()
    {
        _x = new float[_windowSize];
        _y = new float[_rank];
        _smooth = new float[_windowSize];
    }

    /// <summary>Eigenvalues descending and eigenvectors (vector k in [k·L, (k+1)·L)) of a symmetric float matrix, computed
    /// in double and rounded to float like ML.NET's <c>MklSymmetricEigenDecomposition</c>.</summary>
    internal static (float[] Values, float[] Vectors) SymmetricEigen(float[] matrix, int size)
    {
        var a = Matrix<double>.Build.Dense(size, size, (i, j) => matrix[(i * size) + j]);
        var evd = a.Evd(Symmetricity.Symmetric);
        var rawValues = new float[size];
        for (int i = 0; i < size; i++)
        {
            rawValues[i] = (float)evd.EigenValues[i].Real;
        }

        var order = new int[size];
        for (int i = 0; i < size; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (p, q) => rawValues[q].CompareTo(rawValues[p]));
        var values = new float[size];
        var vectors = new float[size * size];
        for (int k = 0; k < size; k++)
        {
            values[k] = rawValues[order[k]];
            for (int i = 0; i < size; i++)
            {
                vectors[(k * size) + i] = (float)evd.EigenVectors[i, order[k]];
            }
        }

        return (values, vectors);
    }

    /// <summary>ML.NET <c>DetermineSignalRank</c>: adds one eigentriple at a time and keeps the rank whose recurrent
    /// forecasts over the evaluation tail have the smallest total absolute error.</summary>
    private static int SelectRank(float[] series, TrajectoryMatrix trajectory, float[] vectors, int maxRank)
    {
        int l = trajectory.WindowSize;
        int n = trajectory.SeriesLength;
        int k = trajectory.Columns;
        var reconstruction = new float[n];
        var alpha = new float[l - 1];
        var v = new float[k];
        var window = new RingBuffer(l - 1);
        float nu = 0;
        double minError = double.MaxValue;
        int best = maxRank - 1;
        int evaluationLength = Math.Min(Math.Max(l, 200), k);

        for (int r = 0; r < maxRank; r++)
        {
            float lambda = vectors[(l * r) + l - 1];
            for (int j = 0; j < l - 1; j++)
            {
                alpha[j] += lambda * vectors[(l * r) + j];
            }

            nu += lambda * lambda;
            trajectory.MultiplyTranspose(vectors, l * r, v);
            trajectory.AddRankOneHankelization(vectors, l * r, v, reconstruction);

            float noiseMean = 0;
            for (int j = 0; j < n; j++)
            {
                noiseMean += series[j] - reconstruction[j];
            }

            noiseMean /= n;
            for (int j = n - evaluationLength - l + 1; j < n - evaluationLength; j++)
            {
                window.Add(reconstruction[j]);
            }

            double error = 0;
            for (int j = n - evaluationLength; j < n; j++)
            {
                float forecast = 0;
                for (int m = 0; m < l - 1; m++)
                {
                    forecast += alpha[m] * (float)window[m];
                }

                forecast /= 1 - nu;
                forecast += noiseMean;
                window.Add(forecast);
                error += Math.Abs(series[j] - forecast);
                if (error > minError)
                {
                    break;
                }
            }

            if (error < minError)
            {
                minError = error;
                best = r;
            }
        }

        return best + 1;
    }

    /// <summary>y = W·x (W is rank × L), summed in the order of ML.NET's SSE matrix-vector kernel: four lanes each
    /// accumulating every fourth column, then (lane₀ + lane₁) + (lane₂ + lane₃). The order decides the last float bit,
    /// and ML.NET's golden raw scores are compared to 7 decimals.</summary>
    private void Times(float[] x, float[] y)
    {
        int l = _windowSize;
        Span<float> lanes = stackalloc float[4];
        for (int i = 0; i < _rank; i++)
        {
            lanes.Clear();
            for (int j = 0; j < l; j++)
            {
                lanes[j & 3] += _weights[(i * l) + j] * x[j];
            }

            y[i] = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        }
    }

    /// <summary>x̃ = Wᵀ·y in the order of ML.NET's SSE transposed kernel: rows of W taken four at a time,
    /// ((y₀w₀ + y₁w₁) + (y₂w₂ + y₃w₃)) added to the running sum.</summary>
    private void TransposeTimes(float[] y, float[] x)
    {
        int l = _windowSize;
        for (int j = 0; j < l; j++)
        {
            float sum = 0;
            for (int g = 0; g < _rank; g += 4)
            {
                float group = (Term(g, j, y) + Term(g + 1, j, y)) + (Term(g + 2, j, y) + Term(g + 3, j, y));
                sum = g == 0 ? group : group + sum;
            }

            x[j] = sum;
        }
    }

    private float Term(int row, int column, float[] y) => row < _rank ? y[row] * _weights[(row * _windowSize) + column] : 0f;

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        foreach (float value in values)
        {
            writer.Write(value);
        }
    }

    private static float[] ReadFloats(BinaryReader reader, int expected)
    {
        int count = reader.ReadInt32();
        if (count != expected)
        {
            throw new InvalidDataException($"Saved SSA state holds {count} values; expected {expected}.");
        }

        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }
}
