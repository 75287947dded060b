using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Seasonal;
using static QualityWatch.Detection.Multivariate.MultivariateDriftOptions;

namespace QualityWatch.Detection.Multivariate;

/// <summary>
/// Multivariate drift of a telemetry series, hour by hour: a joint shift of latency, time to first token, output length
/// and error, truncation and corruption shares, each too small for its own test, that together no healthy hour looks
/// like.
/// <list type="number">
/// <item><b>Features.</b> Per closed hour of at least <see cref="Defaults.MinimumCallsPerHour"/> calls, the
/// <see cref="HourlyFeatures"/> vector, each feature deseasonalised and standardised by the series' own healthy hours
/// (<see cref="SeriesBaseline"/>), so that one model serves series of any scale and daily cycle; a feature the hour did
/// not observe is imputed by the model from the others (<see cref="ImputedResidual"/>).</item>
/// <item><b>Model.</b> ML.NET's randomized PCA (rank <see cref="Defaults.Rank"/>) on the standardised healthy vectors of
/// the whole fleet, pooled: one series has too few hours for a stable subspace for days, and the per-series
/// standardisation makes the fleet's vectors comparable. Retrained every <see cref="MultivariateDriftOptions.RetrainHours"/>
/// hours on healthy hours only (no open episode on the series, CUSUM under half its threshold); a week per series kept.</item>
/// <item><b>Calibration.</b> The score (reconstruction-error norm) of each healthy hour, taken from a model trained before
/// that hour, joins the series' own calibration set; the log score becomes a normal score against that set's median and
/// MAD (each raised by a standard error while the set is small), clipped at ±<see cref="Defaults.ClipAt"/>. Per series,
/// because the pooled subspace fits some series better than others.</item>
/// <item><b>Sequential test.</b> Page's one-sided CUSUM S = min(h, max(0, S + z − k)), k = <see cref="Defaults.Allowance"/>,
/// h from Siegmund's approximation for the ARL₀ in hours.</item>
/// </list>
/// </summary>
internal sealed class MultivariateDriftDetector
{
    private readonly MultivariateDriftOptions _options;

    public MultivariateDriftDetector(MultivariateDriftOptions options)
    {
        _options = options;
        Threshold = SeasonalRobustDetector.CusumThreshold(options.Arl0Hours / 2, Defaults.Allowance);
    }

    /// <summary>The CUSUM threshold h for the ARL₀.</summary>
    public double Threshold { get; }

    /// <summary>
    /// Adds <paramref name="bucket"/> to its series' hour. When it starts a new hour, the previous one is scored and
    /// returned (null when it could not be: too few calls, no model or calibration yet). <paramref name="inEpisode"/>: the
    /// series' multivariate episode is open; <paramref name="otherEpisodeOpen"/>: another signal of the series has an
    /// open episode — the incident has its answer, so the CUSUM holds and the hour is not healthy.
    /// </summary>
    public MultivariateDriftVerdict? Observe(MultivariateDriftState fleet, MultivariateSeriesState series, SeriesBucket bucket, bool inEpisode, bool otherEpisodeOpen, Func<IEnumerable<MultivariateSeriesState>> fleetSeries)
    {
        long hour = Math.DivRem(bucket.Start.ToUnixTimeSeconds(), 3600L, out long rest) - (rest < 0 ? 1 : 0);
        var closed = series.Current;
        if (closed is null)
        {
            series.Current = new HourAccumulator { Hour = hour };
            series.Current.Add(bucket);
            return null;
        }

        // The engine passes each series' buckets in time order once; a bucket of an hour already closed is ignored.
        if (hour < closed.Hour)
        {
            return null;
        }

        if (hour == closed.Hour)
        {
            closed.Add(bucket);
            return null;
        }

        series.Current = new HourAccumulator { Hour = hour };
        series.Current.Add(bucket);
        fleet.LatestHour = Math.Max(fleet.LatestHour, closed.Hour);
        var verdict = CloseHour(fleet, series, closed, inEpisode, otherEpisodeOpen);
        // At most one attempt per fleet hour: every series closes the hour, and a failed or premature attempt would
        // otherwise be repeated by each of them.
        if (fleet.LatestHour > fleet.LastAttemptHour && (fleet.Model is null || fleet.LatestHour - fleet.Model.TrainedAtHour >= _options.RetrainHours))
        {
            fleet.LastAttemptHour = fleet.LatestHour;
            Retrain(fleet, fleetSeries());
        }

        return verdict;
    }

    private MultivariateDriftVerdict? CloseHour(MultivariateDriftState fleet, MultivariateSeriesState series, HourAccumulator closed, bool inEpisode, bool otherEpisodeOpen)
    {
        if (closed.Calls < Defaults.MinimumCallsPerHour)
        {
            return null;
        }

        var raw = HourlyFeatures.From(closed);
        MultivariateDriftVerdict? verdict = null;
        if (fleet.Model is { } model && series.HealthyVectors.Count >= Defaults.MinimumSeriesHours)
        {
            var baseline = SeriesBaseline.Fit(series.HealthyVectors, series.HealthyHours);
            var missing = new bool[HourlyFeatures.Count];
            var residual = ImputedResidual(model, Standardised(raw, closed.Hour, baseline, missing), missing);
            double logScore = Math.Log(Math.Max(PcaDriftModel.Score(residual), 1e-6));
            if (series.CalibrationLogScores.Count >= Defaults.MinimumCalibrationHours)
            {
                verdict = Test(series, closed.Hour, raw, residual, logScore, baseline, inEpisode, otherEpisodeOpen);
            }

            if (IsHealthy(series, inEpisode, otherEpisodeOpen))
            {
                Append(series.CalibrationLogScores, Math.Round(logScore, 6), Defaults.CalibrationHoursKept);
            }
        }

        if (IsHealthy(series, inEpisode, otherEpisodeOpen))
        {
            // Six decimals of a logarithm or logit are far below any noise, and halve the snapshot's JSON.
            Append(series.HealthyVectors, Array.ConvertAll(raw, v => v is { } x ? Math.Round(x, 6) : (double?)null), Defaults.HealthyHoursKept);
            Append(series.HealthyHours, closed.Hour, Defaults.HealthyHoursKept);
        }

        return verdict;
    }

    // An hour the model or calibration may learn from: no open episode on the series, and no evidence building up (a drift
    // that has pushed the CUSUM half-way must not become the new normal before it alarms).
    private bool IsHealthy(MultivariateSeriesState series, bool inEpisode, bool otherEpisodeOpen) =>
        !inEpisode && !otherEpisodeOpen && series.Cusum < Threshold / 2;

    private MultivariateDriftVerdict Test(MultivariateSeriesState series, long hour, double?[] raw, double[] residual, double logScore, SeriesBaseline baseline, bool inEpisode, bool otherEpisodeOpen)
    {
        var calibration = series.CalibrationLogScores.ToArray();
        Array.Sort(calibration);
        double median = Quantile(calibration, 0.5);
        double mad = Quantile(calibration.Select(c => Math.Abs(c - median)).Order().ToArray(), 0.5);
        // The calibration is an estimate from as few as 48 hours: the normal score is taken against its median and scale
        // each raised by one standard error (≈ 1.25 σ/√n for a median, 1.17/√n relative for a MAD), so that an early,
        // uncertain calibration errs towards silence and the stated ARL₀ holds better while it is young.
        double n = calibration.Length;
        double scale = Math.Max(1.4826 * mad, 0.05) * (1 + (1.17 / Math.Sqrt(n)));
        double z = Math.Clamp((logScore - median - (1.25 * scale / Math.Sqrt(n))) / scale, -Defaults.ClipAt, Defaults.ClipAt);
        if (!otherEpisodeOpen)
        {
            double next = Math.Min(Threshold, Math.Max(0, series.Cusum + z - Defaults.Allowance));
            if (series.Cusum == 0 && next > 0)
            {
                series.CusumStartHour = hour;
            }

            series.Cusum = next;
        }

        double total = residual.Sum(r => r * r);
        var residuals = Enumerable.Range(0, HourlyFeatures.Count)
            .Where(f => raw[f] is not null)
            .Select(f => new FeatureResidual(f, residual[f], total > 0 ? residual[f] * residual[f] / total : 0, HourlyFeatures.Natural(f, raw[f]!.Value), HourlyFeatures.Natural(f, baseline.Expected(f, hour))))
            .OrderByDescending(r => r.Share)
            .ToList();
        return new MultivariateDriftVerdict(
            !inEpisode && !otherEpisodeOpen && series.Cusum >= Threshold,
            series.Cusum,
            Threshold,
            Math.Exp(logScore),
            z,
            (Math.Exp(median), Math.Exp(Quantile(calibration, 0.1)), Math.Exp(Quantile(calibration, 0.9))),
            residuals,
            hour,
            series.CusumStartHour,
            calibration.Length);
    }

    /// <summary>Trains the pooled model on every standardisable series' healthy hours, newest first, within the bound.</summary>
    internal void Retrain(MultivariateDriftState fleet, IEnumerable<MultivariateSeriesState> fleetSeries)
    {
        var eligible = fleetSeries.Where(s => s.HealthyVectors.Count >= Defaults.MinimumSeriesHours).ToList();
        if (eligible.Count == 0)
        {
            return;
        }

        int quota = Math.Max(Defaults.MinimumSeriesHours, Defaults.MaximumTrainingVectors / eligible.Count);
        var vectors = new List<double[]>();
        foreach (var series in eligible)
        {
            var baseline = SeriesBaseline.Fit(series.HealthyVectors, series.HealthyHours);
            for (int i = series.HealthyVectors.Count - 1; i >= Math.Max(0, series.HealthyVectors.Count - quota); i--)
            {
                vectors.Add(Standardised(series.HealthyVectors[i], series.HealthyHours[i], baseline));
            }
        }

        if (vectors.Count < Defaults.MinimumTrainingVectors)
        {
            return;
        }

        var model = PcaDriftTrainer.Train(vectors, Defaults.Rank, fleet.LatestHour);
        if (model is not null)
        {
            fleet.Model = model;
            fleet.Trainings++;
        }
    }

    /// <summary>The model's vector: each signal feature deseasonalised and standardised by the series' own healthy hours;
    /// a feature the hour did not observe is left at 0 (the series' healthy level) and marked in <paramref name="missing"/>.</summary>
    internal static double[] Standardised(double?[] raw, long hour, SeriesBaseline baseline, bool[]? missing = null)
    {
        var x = new double[HourlyFeatures.Count];
        for (int f = 0; f < HourlyFeatures.Count; f++)
        {
            if (raw[f] is { } value)
            {
                x[f] = (value - baseline.Expected(f, hour)) / baseline.Scale[f];
            }
            else if (missing is not null)
            {
                missing[f] = true;
            }
        }

        return x;
    }

    /// <summary>
    /// The residual of <paramref name="x"/> with its missing features imputed by the model itself (iterated projection,
    /// the EM step of PCA with missing values): a missing feature takes the value the subspace expects from the observed
    /// ones, so it adds nothing to the error — imputing the series' healthy level instead would turn every healthy
    /// variation of the observed features along a component into a spurious residual on the missing one.
    /// </summary>
    internal static double[] ImputedResidual(PcaDriftModel model, double[] x, bool[] missing)
    {
        var residual = model.Residual(x);
        if (!missing.Contains(true))
        {
            return residual;
        }

        for (int iteration = 0; iteration < 20; iteration++)
        {
            for (int f = 0; f < x.Length; f++)
            {
                if (missing[f])
                {
                    x[f] -= residual[f];
                }
            }

            residual = model.Residual(x);
        }

        for (int f = 0; f < x.Length; f++)
        {
            if (missing[f])
            {
                residual[f] = 0;
            }
        }

        return residual;
    }

    internal static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private static void Append<T>(List<T> list, T item, int capacity)
    {
        list.Add(item);
        if (list.Count > capacity)
        {
            list.RemoveAt(0);
        }
    }
}
