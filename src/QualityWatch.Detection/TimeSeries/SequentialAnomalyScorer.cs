using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// ML.NET's <c>SequentialAnomalyDetectionTransformBase</c> state: kernel-density p-values of the raw score against a
/// sliding history, power/mixture martingales over a sliding window of p-values, and thresholded alerts.
/// </summary>
/// <remarks>Bandwidth √2·√(Σ squared pairwise distances)/n maintained incrementally, as in ML.NET; p-values clamped to
/// [1e-8, 1 − 1e-8]; a martingale alert suppresses further martingale alerts for one window.</remarks>
internal sealed class SequentialAnomalyScorer
{
    internal const double MinPValue = 1e-8;
    internal const double MaxPValue = 1 - MinPValue;

    private readonly int _windowSize;
    private readonly AnomalySide _side;
    private readonly AlertingScore _alertOn;
    private readonly MartingaleType _martingale;
    private readonly double _epsilon;
    private readonly double _threshold;
    private readonly RingBuffer _rawScores;
    private readonly RingBuffer _logMartingaleUpdates;
    private double _logMartingale;
    private double _sumSquaredDistance;
    private int _alertCounter;

    public SequentialAnomalyScorer(int windowSize, AnomalySide side, AlertingScore alertOn, MartingaleType martingale, double powerMartingaleEpsilon, double alertThreshold)
    {
        _windowSize = windowSize;
        _side = side;
        _alertOn = alertOn;
        _martingale = martingale;
        _epsilon = powerMartingaleEpsilon;
        _threshold = alertThreshold;
        _rawScores = new RingBuffer(Math.Max(1, windowSize));
        _logMartingaleUpdates = new RingBuffer(martingale == MartingaleType.None ? 1 : Math.Max(1, windowSize));
    }

    public static double LogPowerBetting(double p, double epsilon) => Math.Log(epsilon) + ((epsilon - 1) * Math.Log(p));

    public static double LogMixtureBetting(double p)
    {
        double logP = Math.Log(p);
        return Math.Log((p * logP) + 1 - p) - (2 * Math.Log(-logP)) - logP;
    }

    /// <summary>Alert threshold ML.NET derives for change points: the martingale after a whole window of p = 1 − confidence.</summary>
    public static double ChangePointThreshold(MartingaleType martingale, int windowSize, double confidencePercent, double epsilon) => martingale switch
    {
        MartingaleType.Power => Math.Exp(windowSize * LogPowerBetting(1 - (confidencePercent / 100), epsilon)),
        MartingaleType.Mixture => Math.Exp(windowSize * LogMixtureBetting(1 - (confidencePercent / 100))),
        _ => double.MaxValue,
    };

    /// <summary>Scores one raw value: returns the alert flag, the p-value and the martingale.</summary>
    public (bool Alert, double PValue, double Martingale) Process(double raw)
    {
        float rawScore = (float)raw;
        double pValue = double.NaN;
        double martingaleValue = double.NaN;
        if (_alertOn == AlertingScore.RawScore)
        {
            rawScore = _side switch
            {
                AnomalySide.Negative => -rawScore,
                AnomalySide.Positive => rawScore,
                _ => Math.Abs(rawScore),
            };
        }
        else
        {
            pValue = KernelPValue(rawScore);
            pValue = _side switch
            {
                AnomalySide.Negative => 1 - pValue,
                AnomalySide.Positive => pValue,
                _ => Math.Min(pValue, 1 - pValue),
            };
            pValue = Math.Clamp(pValue, MinPValue, MaxPValue);
            _rawScores.Add(rawScore);

            if (_martingale != MartingaleType.None && _alertOn == AlertingScore.MartingaleScore)
            {
                double update = _martingale == MartingaleType.Power ? LogPowerBetting(pValue, _epsilon) : LogMixtureBetting(pValue);
                if (_logMartingaleUpdates.Count == 0)
                {
                    for (int i = 0; i < _logMartingaleUpdates.Capacity; i++)
                    {
                        _logMartingaleUpdates.Add(update);
                    }

                    _logMartingale += _logMartingaleUpdates.Capacity * update;
                }
                else
                {
                    _logMartingale += update;
                    _logMartingale -= _logMartingaleUpdates.First;
                    _logMartingaleUpdates.Add(update);
                }

                martingaleValue = Math.Exp(_logMartingale);
            }
        }

        bool alert = false;
        if (_rawScores.IsFull)
        {
            switch (_alertOn)
            {
                case AlertingScore.RawScore:
                    alert = rawScore >= _threshold;
                    break;
                case AlertingScore.PValueScore:
                    alert = pValue <= _threshold;
                    break;
                default:
                    alert = _martingale != MartingaleType.None && martingaleValue >= _threshold;
                    if (alert)
                    {
                        if (_alertCounter > 0)
                        {
                            alert = false;
                        }
                        else
                        {
                            _alertCounter = _windowSize;
                        }
                    }

                    _alertCounter = Math.Max(0, _alertCounter - 1);
                    break;
            }
        }

        return (alert, pValue, martingaleValue);
    }

    private double KernelPValue(double rawScore)
    {
        int n = _rawScores.Count;
        if (n == 0)
        {
            return 0.5;
        }

        double bandwidth = Math.Sqrt(2) * (n == 1 ? 1 : Math.Sqrt(_sumSquaredDistance) / n);
        bandwidth = Math.Max(bandwidth, 1e-6);
        double pValue = 0;
        for (int i = 0; i < n; i++)
        {
            double diff = rawScore - _rawScores[i];
            pValue -= ProbabilityFunctions.Erf(diff / bandwidth);
            _sumSquaredDistance += diff * diff;
        }

        pValue = 0.5 + (pValue / (2 * n));
        if (_rawScores.IsFull)
        {
            for (int i = 1; i < n; i++)
            {
                double diff = _rawScores[0] - _rawScores[i];
                _sumSquaredDistance -= diff * diff;
            }

            double last = _rawScores[0] - rawScore;
            _sumSquaredDistance -= last * last;
        }

        return pValue;
    }

    public void Save(BinaryWriter writer)
    {
        StateIo.Write(writer, _rawScores);
        StateIo.Write(writer, _logMartingaleUpdates);
        writer.Write(_logMartingale);
        writer.Write(_sumSquaredDistance);
        writer.Write(_alertCounter);
    }

    public void Load(BinaryReader reader)
    {
        StateIo.Read(reader, _rawScores);
        StateIo.Read(reader, _logMartingaleUpdates);
        _logMartingale = reader.ReadDouble();
        _sumSquaredDistance = reader.ReadDouble();
        _alertCounter = reader.ReadInt32();
    }
}
