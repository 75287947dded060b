using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// Port of ML.NET's <c>AdaptiveSingularSpectrumSequenceModeler</c> (exact rank selection, series buffer L + 1): by default
/// as its SSA anomaly detectors configure it (maxRank = L/2, no root stabilisation); with <c>stabilize</c> and
/// maxRank L − 1 as its SSA forecaster does, including its forecast confidence intervals.
/// </summary>
/// <remarks>
/// Training: eigen-decomposition of the lag-covariance H·Hᵀ of the L×K trajectory matrix (double precision, rounded to
/// float as ML.NET's MKL path does); a "standard" eigenvector (last component ±1) shrinks L by one and retrains; the rank
/// r ≤ maxRank minimising the absolute error of recurrent forecasts over the last min(max(L, 200), K) training points is
/// kept; the linear recurrent formula is aᵢ = Σₖ πₖ·uₖ,ᵢ / (1 − ν²), ν² = Σₖ πₖ² (Golyandina, Nekrutkin &amp; Zhigljavsky
/// 2001, ch. 2). Online: each observation is projected on the signal subspace (y = Wx, x̃ = Wᵀy) and the L − 1 state
/// values are updated as running diagonal averages (Badeau, David &amp; Richard, "Fast approximated power iteration
/// subspace tracking", eq. 11, as cited by ML.NET); the next prediction is Σ aᵢ·stateᵢ. Stabilisation moves the roots
/// of the characteristic polynomial Xⁿ − Σ aᵢXⁱ (companion-matrix eigenvalues) inside the allowed growth and rebuilds
/// the coefficients; ML.NET's anomaly detectors build the modeler with shouldStablize = false, so detection does not
/// use it. All arithmetic is single precision in ML.NET's order; the golden values match bit-for-bit.
/// </remarks>
internal sealed class SsaModel
{
    private readonly int _seriesLength;
    private readonly RingBuffer _buffer;
    private readonly bool _stabilize;
    private readonly double _maxTrendRatio;
    private int _windowSize;
    private int _maxRank;
    private int _rank;
    private float[] _alpha;
    private float[] _state;
    private float[] _weights = [];
    private float _nextPrediction;
    private float _observationNoiseVariance;
    private float _autoregressionNoiseVariance;

    // Scratch vectors for Consume (x, y = W·x, x̃ = Wᵀ·y), sized once per trained model so a point allocates nothing.
    private float[] _x = [];
    private float[] _y = [];
    private float[] _smooth = [];

    /// <param name="windowSize">L, at least 2.</param>
    /// <param name="stabilize">Stabilise the roots of the characteristic polynomial after training (ML.NET's forecaster
    /// does; its anomaly detectors do not).</param>
    /// <param name="maxTrendRatio">The largest growth per step an exponential trend may keep (ML.NET <c>GrowthRatio</c>).</param>
    /// <param name="maxRank">Largest rank considered (ML.NET's detectors pass L/2, its forecaster L − 1); default L/2.</param>
    public SsaModel(int windowSize, bool stabilize = false, double maxTrendRatio = double.PositiveInfinity, int? maxRank = null)
    {
        _stabilize = stabilize;
        _maxTrendRatio = maxTrendRatio;
        _windowSize = windowSize;
        _maxRank = maxRank ?? windowSize / 2;
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

    /// <summary>What the last training learned; null before training and after <see cref="Load"/>.</summary>
    public SsaModelInfo? Info { get; private set; }

    /// <summary>Trains on the series (ML.NET <c>TrainCore</c>); needs more than 2·L points.</summary>
    public void Train(float[] series)
    {
        if (series.Length <= 2 * _windowSize)
        {
            throw new ArgumentException($"Training needs more than {2 * _windowSize} points; got {series.Length}.", nameof(series));
        }

        var trajectory = new TrajectoryMatrix(series, _windowSize);
        var (spectrum, vectors) = SymmetricEigen(trajectory.UnnormalizedCovariance(), _windowSize);
        int l = _windowSize;
        var signal = new float[series.Length];
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
            _rank = SelectRank(series, trajectory, vectors, _maxRank, signal);
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

        var stabilization = _stabilize && !naive ? Stabilize() : null;
        Info = new SsaModelInfo(l, _rank, spectrum, (float[])_alpha.Clone(), naive, stabilization is not null,
            stabilization?.Before ?? [], stabilization?.After ?? [], stabilization?.MaxTrendMagnitude > 1,
            stabilization?.PolynomialTrend ?? false, stabilization?.ArtificialSeasonalityRemoved ?? false, stabilization?.MaxTrendMagnitude ?? double.NaN);

        (_observationNoiseVariance, _autoregressionNoiseVariance) = NoiseVariances(series, signal, _alpha);

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

    /// <summary>ML.NET <c>Stabilize</c>: moves the roots of Xⁿ − Σ aᵢXⁱ so the recurrence cannot explode — seasonalities
    /// longer than L become real roots (a polynomial trend), close exponential-seasonal roots are merged, competing
    /// exponential trends become a polynomial one, and every root is squeezed below the largest trend magnitude (high
    /// frequencies to half-way). Null when the roots or the rebuilt coefficients cannot be computed (the coefficients
    /// are then left as trained).</summary>
    private Stabilization? Stabilize()
    {
        int n = _windowSize - 1;
        if (n == 1)
        {
            var before = new Complex(_alpha[0], 0);
            _alpha[0] = Math.Clamp(_alpha[0], -1f, 1f);
            return new Stabilization([before], [new Complex(_alpha[0], 0)], Math.Abs(_alpha[0]), false, false);
        }

        var coefficients = new double[n];
        for (int i = 0; i < n; i++)
        {
            coefficients[i] = -_alpha[i];
        }

        if (!CharacteristicPolynomial.TryFindRoots(coefficients, out var roots))
        {
            return null;
        }

        var rootsBefore = (Complex[])roots.Clone();
        const double eps = 1e-9;
        const double highFrequency = Math.PI / 2;
        bool polynomialTrend = false;
        bool artificialSeasonalityRemoved = false;
        var trend = new List<int>();
        var growing = new List<(double Phase, int Index, int Cluster)>();
        for (int i = 0; i < n; i++)
        {
            if (roots[i].Magnitude > 1 && (Math.Abs(roots[i].Phase) <= eps || Math.Abs(Math.Abs(roots[i].Phase) - Math.PI) <= eps))
            {
                trend.Add(i);
            }
        }

        for (int i = 0; i < n; i++)
        {
            if (roots[i].Phase == 0)
            {
                continue;
            }

            if (roots[i].Magnitude >= 1 && 2 * Math.PI / Math.Abs(roots[i].Phase) > _windowSize)
            {
                roots[i] = new Complex(roots[i].Real, 0);
                polynomialTrend = true;
                artificialSeasonalityRemoved = true;
            }
            else if (roots[i].Magnitude > 1)
            {
                growing.Add((roots[i].Phase, i, 0));
            }
        }

        if (_maxTrendRatio > 1)
        {
            if (growing.Count > 1 && polynomialTrend)
            {
                MergeCloseSeasonalities(roots, growing);
            }

            if (!polynomialTrend)
            {
                int first = trend.Where(i => Math.Abs(roots[i].Phase) <= eps).DefaultIfEmpty(-1).First();
                int second = Enumerable.Range(0, n).Where(i => Math.Abs(roots[i].Phase) <= eps && roots[i].Magnitude >= 0.9 && i != first).DefaultIfEmpty(-1).First();
                if (first >= 0 && second >= 0)
                {
                    roots[first] = Complex.One;
                    roots[second] = Complex.One;
                    polynomialTrend = true;
                }
            }
        }

        double maxTrendMagnitude;
        if (polynomialTrend)
        {
            maxTrendMagnitude = Math.Min(1, _maxTrendRatio);
            foreach (int i in trend)
            {
                roots[i] = Complex.FromPolarCoordinates(0.99, roots[i].Phase);
            }
        }
        else
        {
            maxTrendMagnitude = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                if (roots[i].Magnitude > 1 && Math.Abs(roots[i].Phase) <= eps)
                {
                    maxTrendMagnitude = Math.Max(maxTrendMagnitude, roots[i].Magnitude);
                }
            }

            maxTrendMagnitude = Math.Min(double.IsNegativeInfinity(maxTrendMagnitude) ? 1 : maxTrendMagnitude, _maxTrendRatio);
        }

        double halfway = Math.Min(maxTrendMagnitude, (maxTrendMagnitude + 1) / 2);
        for (int i = 0; i < n; i++)
        {
            if (roots[i].Magnitude >= maxTrendMagnitude)
            {
                double phase = roots[i].Phase;
                bool high = (highFrequency < phase && phase < Math.PI - eps) || (-Math.PI + eps < phase && phase < -highFrequency);
                roots[i] = Complex.FromPolarCoordinates(high ? halfway : maxTrendMagnitude, phase);
            }
        }

        for (int i = 0; i < n; i++)
        {
            double phase = roots[i].Phase;
            if (Math.Abs(phase) <= eps)
            {
                roots[i] = new Complex(roots[i].Magnitude, 0);
            }
            else if (Math.Abs(phase - Math.PI) <= eps || Math.Abs(phase + Math.PI) <= eps)
            {
                roots[i] = new Complex(-roots[i].Magnitude, 0);
            }
        }

        if (!CharacteristicPolynomial.TryFromRoots(roots, out var stabilized))
        {
            return null;
        }

        for (int i = 0; i < n; i++)
        {
            _alpha[i] = (float)-stabilized[i];
        }

        return new Stabilization(rootsBefore, roots, maxTrendMagnitude, polynomialTrend, artificialSeasonalityRemoved);
    }

    /// <summary>Growing seasonal roots whose phases (same sign) are within 0.05 rad are replaced by their average, as
    /// ML.NET does — including its quirk of leaving the last cluster as it is.</summary>
    private static void MergeCloseSeasonalities(Complex[] roots, List<(double Phase, int Index, int Cluster)> growing)
    {
        growing.Sort((a, b) => a.Phase.CompareTo(b.Phase));
        int cluster = 0;
        for (int i = 0; i < growing.Count - 1; i++)
        {
            bool sameSign = (growing[i].Phase < 0 && growing[i + 1].Phase < 0) || (growing[i].Phase > 0 && growing[i + 1].Phase > 0);
            if (sameSign)
            {
                growing[i] = growing[i] with { Cluster = cluster };
                if (Math.Abs(growing[i + 1].Phase - growing[i].Phase) > 0.05)
                {
                    cluster++;
                }

                growing[i + 1] = growing[i + 1] with { Cluster = cluster };
            }
            else
            {
                cluster++;
            }
        }

        int start = 0;
        for (int i = 1; i < growing.Count; i++)
        {
            if (growing[i].Cluster == growing[i - 1].Cluster)
            {
                continue;
            }

            if (i - start > 1)
            {
                double phase = 0;
                double magnitude = 0;
                for (int j = start; j < i; j++)
                {
                    phase += growing[j].Phase;
                    magnitude += roots[growing[j].Index].Magnitude;
                }

                phase /= i - start;
                magnitude /= i - start;
                for (int j = start; j < i; j++)
                {
                    roots[growing[j].Index] = Complex.FromPolarCoordinates(magnitude, phase);
                }
            }

            start = i;
        }
    }

    private sealed record Stabilization(Complex[] Before, Complex[] After, double MaxTrendMagnitude, bool PolynomialTrend, bool ArtificialSeasonalityRemoved);

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

    /// <summary>Point forecasts for the next <paramref name="horizon"/> steps (ML.NET <c>Forecast</c>): the recurrent
    /// formula applied to the state and then to its own forecasts.</summary>
    public float[] Forecast(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        int l = _windowSize;
        var values = new float[horizon];
        values[0] = _nextPrediction;
        for (int i = 1; i < horizon; i++)
        {
            int k = 0;
            float value = 0;
            for (int j = i; j < l - 1; j++, k++)
            {
                value += _state[j] * _alpha[k];
            }

            for (int j = Math.Max(0, i - l + 1); j < i; j++, k++)
            {
                value += values[j] * _alpha[k];
            }

            values[i] = value;
        }

        return values;
    }

    /// <summary>Point forecasts with their confidence bounds (ML.NET <c>ForecastWithConfidenceIntervals</c>): the
    /// forecast variance starts at the observation + autoregression noise variances and grows with the squared impulse
    /// response of the recurrence; bounds are forecast ± z·sd with z the normal quantile of ½ + confidence/2.</summary>
    /// <param name="horizon">Steps ahead, at least 1.</param>
    /// <param name="confidenceLevel">In [0, 1); single precision as in ML.NET (0.95f).</param>
    public (float[] Forecast, float[] Lower, float[] Upper) ForecastWithConfidenceIntervals(int horizon, float confidenceLevel)
    {
        if (!(confidenceLevel >= 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must be in [0, 1).");
        }

        var forecast = Forecast(horizon);
        int l = _windowSize;
        var impulse = new RingBuffer(l - 1);
        for (int i = 0; i < l - 3; i++)
        {
            impulse.Add(0);
        }

        impulse.Add(1);
        impulse.Add(_alpha[l - 2]);
        var variance = new float[horizon];
        variance[0] = _autoregressionNoiseVariance + _observationNoiseVariance;
        for (int i = 1; i < horizon; i++)
        {
            float response = 0;
            for (int j = 0; j < l - 1; j++)
            {
                response += _alpha[j] * (float)impulse[j];
            }

            impulse.Add(response);
            variance[i] = variance[i - 1] + (_autoregressionNoiseVariance * response * response);
        }

        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + (confidenceLevel / 2.0));
        var lower = new float[horizon];
        var upper = new float[horizon];
        for (int i = 0; i < horizon; i++)
        {
            double spread = z * (float)Math.Sqrt(variance[i]);
            upper[i] = (float)(forecast[i] + spread);
            lower[i] = (float)(forecast[i] - spread);
        }

        return (forecast, lower, upper);
    }

    /// <summary>ML.NET <c>ComputeNoiseMoments</c>: the variance of series − reconstructed signal, and of the signal's
    /// one-step recurrence residual (unbiased with K − L + 1 degrees of freedom). The means are computed and then
    /// discarded, as ML.NET does.</summary>
    private static (float Observation, float Autoregression) NoiseVariances(float[] series, float[] signal, float[] alpha)
    {
        int length = signal.Length;
        int window = alpha.Length + 1;
        int k = length - window + 1;
        float observationMean = 0;
        for (int i = 0; i < length; i++)
        {
            observationMean += series[i] - signal[i];
        }

        observationMean /= length;
        float observationVariance = 0;
        for (int i = 0; i < length; i++)
        {
            observationVariance += (series[i] - signal[i]) * (series[i] - signal[i]);
        }

        observationVariance /= length;
        observationVariance -= observationMean * observationMean;

        var recurrence = new float[k];
        new TrajectoryMatrix(signal, window - 1, length - 1).MultiplyTranspose(alpha, 0, recurrence);
        float autoregressionMean = 0;
        for (int i = 0; i < k; i++)
        {
            autoregressionMean += signal[window - 1 + i] - recurrence[i];
        }

        autoregressionMean /= k;
        float autoregressionVariance = 0;
        for (int i = 0; i < k; i++)
        {
            float residual = signal[window - 1 + i] - recurrence[i] - autoregressionMean;
            autoregressionVariance += residual * residual;
        }

        autoregressionVariance /= k - window + 1;
        return (observationVariance, autoregressionVariance);
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
        writer.Write(_observationNoiseVariance);
        writer.Write(_autoregressionNoiseVariance);
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
        _observationNoiseVariance = reader.ReadSingle();
        _autoregressionNoiseVariance = reader.ReadSingle();
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
        if (matrix.Any(x => !float.IsFinite(x)))
        {
            // MKL hands back NaNs for such a matrix; ML.NET then trains its naive averaging model.
            return (Enumerable.Repeat(float.NaN, size).ToArray(), Enumerable.Repeat(float.NaN, size * size).ToArray());
        }

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
    private static int SelectRank(float[] series, TrajectoryMatrix trajectory, float[] vectors, int maxRank, float[] signal)
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
                Array.Copy(reconstruction, signal, n);
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
