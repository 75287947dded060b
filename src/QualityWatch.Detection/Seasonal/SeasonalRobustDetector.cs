using QualityWatch.Detection.Statistics;
using MathNet.Numerics.Distributions;
using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Seasonal;

/// <summary>
/// QualityWatch's own detector for numeric series (<c>auto</c>): a robust Holt–Winters forecast (level plus an
/// optional seasonal profile, updated with residuals clipped at three scales so outliers barely move it), residuals
/// standardised by a robust running scale, turned into tail probabilities learned from the series' own healthy
/// residuals (<see cref="TailCalibrator"/>), and two alarms on those probabilities:
/// <list type="bullet">
/// <item>an <b>anomaly</b> when a row's probability is below the per-row budget q (spikes and dips);</item>
/// <item>a <b>change point</b> when a two-sided CUSUM of the residuals' normal scores Φ⁻¹(1 − p/2) crosses the
/// threshold whose average run length on healthy rows is 1/q (level shifts and drifts that outpace the level).</item>
/// </list>
/// An alarm opens an episode: no further alarm until <see cref="SeasonalRobustOptions.RecoveryRows"/> unremarkable rows
/// in a row, so one fault is one alarm. During an episode the scale, profile and tail are frozen; a shift that persists
/// (residuals of one sign for the recovery length) re-anchors the level, so a new normal ends the episode quickly.
/// <para>The score is 1 − p: calibrated, so one threshold means the same false-alarm rate on every series.</para>
/// </summary>
public sealed class SeasonalRobustDetector : IStreamingDetector
{
    /// <summary>Rows that set the initial level (and, after one cycle, the profile) before anything is scored.</summary>
    public const int MinimumWarmUpRows = 16;

    private const double Clip = 3;
    private const double CusumK = 0.5;
    private const double NormalScoreLimit = 4;
    private const double MaxAutocorrelation = 0.95;
    private const double AutocorrelationSmoothing = 0.01;

    /// <summary>A row with p above this counts towards recovery from an episode.</summary>
    private const double UnremarkableP = 0.05;

    private readonly SeasonalRobustOptions _options;
    private readonly double _anomalyP;
    private readonly double _cusumH;
    private readonly int _warmUpRows;
    private readonly int _profileWindow;
    private readonly TailCalibrator _calibrator;
    private readonly List<(long Slot, double Value)> _warmUp = [];
    private readonly double[] _profile;
    private readonly double[] _recentDeseasonalised;
    private readonly double[] _recentResiduals;

    private bool _ready;
    private long _nextSlot;
    private double _level;
    private double _scale;
    private double _longScale;
    private double _cusumHigh;
    private double _cusumLow;
    private double _resolution = double.PositiveInfinity;
    private double _lastValue = double.NaN;
    private double _normalLagProduct;
    private double _normalSquare;
    private double _previousNormalScore;
    private bool _inEpisode;
    private int _unremarkableRun;
    private int _recentCount;

    /// <summary>Creates the detector; options are validated here.</summary>
    public SeasonalRobustDetector(SeasonalRobustOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        double perRow = options.FalseAlarmsPer10000Rows / 10_000;
        _anomalyP = perRow / 2;
        _cusumH = CusumThreshold(2 / perRow, CusumK);
        _warmUpRows = options.Period + MinimumWarmUpRows;
        _profileWindow = options.Period / 96;
        _calibrator = new TailCalibrator(options.CalibrationHistory);
        _profile = new double[Math.Max(options.Period, 1)];
        _recentDeseasonalised = new double[options.RecoveryRows];
        _recentResiduals = new double[options.RecoveryRows];
    }

    /// <summary>Detector name in findings and metrics.</summary>
    public string Name => "seasonal-robust";

    /// <summary>The CUSUM threshold h (in normal-score units) that gives the change-point share of the budget.</summary>
    public double ChangeThreshold => _cusumH;

    /// <summary>The per-row probability under which a row is an anomaly.</summary>
    public double AnomalyProbability => _anomalyP;

    /// <summary>Scores the next row (one slot after the previous).</summary>
    public DetectorOutput Update(double value) => Observe(value, _nextSlot);

    /// <summary>
    /// Scores a row at time slot <paramref name="slot"/> (rows since the start in units of the series' spacing; gaps
    /// skip slots, duplicates repeat one). A NaN value is not scored (score NaN) and changes nothing: the forecast
    /// bridges the gap.
    /// </summary>
    public DetectorOutput Observe(double value, long slot)
    {
        _nextSlot = slot + 1;
        if (!double.IsFinite(value))
        {
            return new DetectorOutput(false, false, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        if (!_ready)
        {
            _warmUp.Add((slot, value));
            if (_warmUp.Count >= _warmUpRows)
            {
                Initialise();
            }

            return DetectorOutput.Quiet(value);
        }

        int phase = Phase(slot);
        double forecast = _level + _profile[phase];
        double residual = value - forecast;
        double resolution = double.IsFinite(_resolution) ? _resolution : 0;
        double floor = Math.Max(Math.Max(0.1 * _longScale, resolution), 1e-9 * (Math.Abs(forecast) + 1));
        double scale = Math.Max(_scale, floor);
        // A residual under half the series' resolution is no measurable difference (a count series cannot be 0.05 below
        // its forecast): zero, so it neither looks surprising nor feeds the CUSUM a long run of small negative scores.
        bool immeasurable = Math.Abs(residual) <= Math.Max(0.5 * resolution, 1e-12 * (Math.Abs(forecast) + 1));
        double z = immeasurable ? 0 : residual / scale;
        double p = _calibrator.PValue(z);
        bool calibrated = _calibrator.Count >= TailCalibrator.MinimumHistory;

        double normalScore = z == 0 ? 0 : Math.Sign(z) * Math.Min(NormalScoreLimit, Normal.InvCDF(0, 1, 1 - Math.Clamp(p / 2, 1e-300, 0.5)));

        // Real residuals are autocorrelated (a forecast misses a wandering level for several rows in a row), which
        // shortens a CUSUM's in-control run length many times over. Dividing by the long-run standard deviation of an
        // AR(1) process, √((1 + ρ)/(1 − ρ)), restores the run length the threshold was computed for.
        double rho = _normalSquare > 1e-9 ? Math.Clamp(_normalLagProduct / _normalSquare, 0, MaxAutocorrelation) : 0;
        double standardised = normalScore / Math.Sqrt((1 + rho) / (1 - rho));
        _cusumHigh = Math.Max(0, _cusumHigh + standardised - CusumK);
        _cusumLow = Math.Max(0, _cusumLow - standardised - CusumK);

        bool anomaly = false;
        bool changePoint = false;
        if (!_inEpisode)
        {
            // Before the tail is learned p is Chebyshev's bound, valid for any noise, so a huge spike is an anomaly
            // from the first scored row; the CUSUM waits for calibrated normal scores.
            anomaly = p <= _anomalyP;
            changePoint = !anomaly && calibrated && (_cusumHigh >= _cusumH || _cusumLow >= _cusumH);
            if (anomaly || changePoint)
            {
                _inEpisode = true;
                _unremarkableRun = 0;
                _cusumHigh = 0;
                _cusumLow = 0;
            }
        }
        else if (_inEpisode)
        {
            _unremarkableRun = p > UnremarkableP ? _unremarkableRun + 1 : 0;
            if (_unremarkableRun >= _options.RecoveryRows)
            {
                _inEpisode = false;
                _cusumHigh = 0;
                _cusumLow = 0;
            }
        }

        if (!_inEpisode)
        {
            _normalLagProduct += AutocorrelationSmoothing * ((normalScore * _previousNormalScore) - _normalLagProduct);
            _normalSquare += AutocorrelationSmoothing * ((normalScore * normalScore) - _normalSquare);
        }

        _previousNormalScore = normalScore;

        // After scoring: a row's own step must not set the resolution it is judged by (on a flat series the first
        // jump would otherwise be exactly one unit).
        TrackResolution(value);
        Learn(value, phase, residual, scale, z, frozen: _inEpisode);
        double score = calibrated ? 1 - p : 0;
        return new DetectorOutput(anomaly, changePoint, score, residual, p, Math.Max(_cusumHigh, _cusumLow));
    }

    private void Learn(double value, int phase, double residual, double scale, double z, bool frozen)
    {
        double clipped = Math.Clamp(residual, -Clip * scale, Clip * scale);
        _level += _options.LevelSmoothing * clipped;
        Remember(value - _profile[phase], residual);
        // A shift that persists is a new normal: after RecoveryRows residuals of one sign in an episode, re-anchor the
        // level on their median instead of crawling towards it one clipped step at a time.
        if (frozen && _recentCount >= _recentResiduals.Length && OneSign(_recentResiduals))
        {
            _level = SampleMedian.Of(_recentDeseasonalised);
        }

        if (_options.Period > 0)
        {
            // A daily shape is smooth at the scale of minutes: on a fine grid each row teaches its neighbouring phases
            // too (±1/96 of the cycle, a quarter of an hour on a per-minute day), so a one-minute glitch that recurs at
            // midnight stays a glitch instead of becoming part of the profile. Hourly and coarser grids have no window.
            double step = _options.SeasonSmoothing * (1 - _options.LevelSmoothing) * clipped;
            for (int offset = -_profileWindow; offset <= _profileWindow; offset++)
            {
                _profile[Phase(phase + offset)] += step;
            }
        }

        // The forecast and the scale keep learning from clipped residuals during an episode (so an episode on a
        // series the model had wrong can end), but only rows outside episodes teach the tail what healthy looks like.
        double size = Math.Min(Math.Abs(residual), Clip * scale);
        _scale += _options.ScaleSmoothing * (size - _scale);
        _longScale += _options.ScaleSmoothing / 20 * (size - _longScale);
        if (!frozen)
        {
            _calibrator.Add(z);
        }
    }

    private void Remember(double deseasonalised, double residual)
    {
        int n = _recentResiduals.Length;
        Array.Copy(_recentResiduals, 1, _recentResiduals, 0, n - 1);
        Array.Copy(_recentDeseasonalised, 1, _recentDeseasonalised, 0, n - 1);
        _recentResiduals[n - 1] = residual;
        _recentDeseasonalised[n - 1] = deseasonalised;
        _recentCount = Math.Min(_recentCount + 1, n);
    }

    /// <summary>Level from the median of the last rows, profile from the first cycle (its median removed), scale from
    /// the warm-up residuals' mean absolute deviation.</summary>
    private void Initialise()
    {
        int period = _options.Period;
        var values = _warmUp.Select(w => w.Value).ToArray();
        if (period > 0)
        {
            var byPhase = new List<double>[period];
            foreach (var (slot, value) in _warmUp)
            {
                (byPhase[Phase(slot)] ??= []).Add(value);
            }

            double centre = SampleMedian.Of(values);
            for (int i = 0; i < period; i++)
            {
                _profile[i] = byPhase[i] is { Count: > 0 } list ? SampleMedian.Of([.. list]) - centre : 0;
            }
        }

        foreach (double v in values)
        {
            TrackResolution(v);
        }

        var deseasonalised = _warmUp.Select(w => w.Value - _profile[Phase(w.Slot)]).ToArray();
        _level = SampleMedian.Of(deseasonalised[^Math.Min(MinimumWarmUpRows, deseasonalised.Length)..]);
        // The profile was just fitted to these very rows, so their residuals would be zero; the spread of successive
        // raw values (|Δx|/√2, the noise of a smooth series) is the honest first scale.
        var residuals = new double[values.Length - 1];
        for (int i = 1; i < values.Length; i++)
        {
            residuals[i - 1] = Math.Abs(values[i] - values[i - 1]) / Math.Sqrt(2);
        }

        _scale = residuals.Length > 0 ? residuals.Average() : 0;
        _longScale = _scale;
        if (_scale > 0)
        {
            // The warm-up's own spread seeds the tail history, so scoring starts calibrated-ish instead of on
            // Chebyshev's bound alone.
            foreach (double r in residuals)
            {
                _calibrator.Add(r / _scale);
            }
        }

        _ready = true;
        _warmUp.Clear();
    }

    /// <summary>
    /// The smallest step between two different consecutive values: a series of counts moves by at least 1, so a
    /// residual of 1 on a series that is usually 0 is one unit of its resolution, not an infinitely surprising event.
    /// The scale never goes below it.
    /// </summary>
    private void TrackResolution(double value)
    {
        double step = Math.Abs(value - _lastValue);
        if (step > 0 && step < _resolution)
        {
            _resolution = step;
        }

        _lastValue = value;
    }

    private int Phase(long slot) => _options.Period > 0 ? (int)(((slot % _options.Period) + _options.Period) % _options.Period) : 0;

    private static bool OneSign(double[] values) => values.All(v => v > 0) || values.All(v => v < 0);

    /// <summary>The smallest h whose two-sided ARL₀ (Siegmund's approximation for a one-sided CUSUM on N(0, 1),
    /// (e^b − b − 1)/(2k²) with b = 2k(h + 1.166), halved for two sides) reaches <paramref name="arl0"/>.</summary>
    internal static double CusumThreshold(double arl0, double k)
    {
        double low = 0;
        double high = 100;
        for (int i = 0; i < 100; i++)
        {
            double h = (low + high) / 2;
            double b = 2 * k * (h + 1.166);
            double twoSided = (Math.Exp(b) - b - 1) / (2 * k * k) / 2;
            if (twoSided < arl0)
            {
                low = h;
            }
            else
            {
                high = h;
            }
        }

        return high;
    }

    /// <summary>Writes the state.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_ready);
        writer.Write(_nextSlot);
        writer.Write(_warmUp.Count);
        foreach (var (slot, value) in _warmUp)
        {
            writer.Write(slot);
            writer.Write(value);
        }

        writer.Write(_level);
        writer.Write(_scale);
        writer.Write(_longScale);
        writer.Write(_cusumHigh);
        writer.Write(_cusumLow);
        writer.Write(_resolution);
        writer.Write(_lastValue);
        writer.Write(_normalLagProduct);
        writer.Write(_normalSquare);
        writer.Write(_previousNormalScore);
        writer.Write(_inEpisode);
        writer.Write(_unremarkableRun);
        writer.Write(_recentCount);
        WriteArray(writer, _profile);
        WriteArray(writer, _recentDeseasonalised);
        WriteArray(writer, _recentResiduals);
        _calibrator.Save(writer);
    }

    /// <summary>Restores what <see cref="Save"/> wrote (same options).</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _ready = reader.ReadBoolean();
        _nextSlot = reader.ReadInt64();
        int warm = reader.ReadInt32();
        if (warm < 0 || warm > _warmUpRows)
        {
            throw new InvalidDataException($"Saved warm-up holds {warm} rows; at most {_warmUpRows} expected.");
        }

        _warmUp.Clear();
        for (int i = 0; i < warm; i++)
        {
            _warmUp.Add((reader.ReadInt64(), reader.ReadDouble()));
        }

        _level = reader.ReadDouble();
        _scale = reader.ReadDouble();
        _longScale = reader.ReadDouble();
        _cusumHigh = reader.ReadDouble();
        _cusumLow = reader.ReadDouble();
        _resolution = reader.ReadDouble();
        _lastValue = reader.ReadDouble();
        _normalLagProduct = reader.ReadDouble();
        _normalSquare = reader.ReadDouble();
        _previousNormalScore = reader.ReadDouble();
        _inEpisode = reader.ReadBoolean();
        _unremarkableRun = reader.ReadInt32();
        _recentCount = reader.ReadInt32();
        ReadArray(reader, _profile);
        ReadArray(reader, _recentDeseasonalised);
        ReadArray(reader, _recentResiduals);
        _calibrator.Load(reader);
    }

    private static void WriteArray(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (double v in values)
        {
            writer.Write(v);
        }
    }

    private static void ReadArray(BinaryReader reader, double[] target)
    {
        int length = reader.ReadInt32();
        if (length != target.Length)
        {
            throw new InvalidDataException($"Saved array holds {length} values; {target.Length} expected (same options?).");
        }

        for (int i = 0; i < length; i++)
        {
            target[i] = reader.ReadDouble();
        }
    }
}
