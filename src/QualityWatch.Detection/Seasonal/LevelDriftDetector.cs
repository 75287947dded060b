using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Seasonal;

/// <summary>
/// Finds a level that drifts away from where it was, slowly enough that every rolling comparison follows it: a latency
/// creep of a few percent an hour. One-sided (upward; pass negated values for a fall) CUSUM of robustly standardised
/// residuals against a slow reference:
/// <list type="bullet">
/// <item><b>Seasonal.</b> A daily profile (per five-minute slot) is adopted when two consecutive days have the same
/// shape (each well above what noise alone gives a profile, correlated with each other); from then on every row is
/// compared deseasonalised, so a daily cycle of any amplitude is silent. Between the two days the first day's shape may
/// only silence (an alarm must show with and without it). Before a shape is known nothing can tell a rising cycle from
/// a creep: the practical rule keeps a first-day swing under <see cref="LevelDriftOptions.PracticalChange"/> silent.</item>
/// <item><b>Robust.</b> The noise scale comes from successive differences (a drift or a daily cycle does not inflate
/// it), residuals are clipped at three scales (Huber) before they enter the CUSUM, the reference or the scale.</item>
/// <item><b>Calibrated.</b> The threshold gives the stated ARL₀ in healthy rows (Siegmund's approximation); an alarm
/// also needs the recent level to have moved by the practical change, so significance alone on a precise series
/// does not page anyone.</item>
/// </list>
/// The reference forgets over <see cref="LevelDriftOptions.ReferenceMemoryRows"/> and is frozen during an episode, which
/// ends when the recent level is back within half the practical change for <see cref="LevelDriftOptions.RecoveryRows"/>.
/// </summary>
public sealed class LevelDriftDetector
{
    private const double Clip = 3;
    private const double MinimumRepeatCorrelation = 0.5;
    private const double ScaleSmoothing = 0.02;
    private const int MinutesPerDay = 1440;

    /// <summary>σ per mean absolute difference of successive normal values: E|X − Y| = 2σ/√π.</summary>
    private static readonly double SigmaPerMeanAbsoluteDifference = Math.Sqrt(Math.PI) / 2;

    /// <summary>σ per median absolute difference of successive normal values: 1.4826 / √2.</summary>
    private const double SigmaPerMedianAbsoluteDifference = 1.4826 / 1.4142135623730951;

    private readonly LevelDriftOptions _options;

    public LevelDriftDetector(LevelDriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        // Siegmund's approximation for a one-sided CUSUM; SeasonalRobustDetector's helper is two-sided (halved).
        Threshold = SeasonalRobustDetector.CusumThreshold(options.Arl0Rows / 2, options.Allowance);
    }

    /// <summary>The CUSUM threshold h for the stated ARL₀.</summary>
    public double Threshold { get; }

    /// <summary>
    /// Takes the row at <paramref name="minute"/> (unix minutes). Returns null for a row that is not scored: not finite,
    /// not after the previous row, or part of the warm-up.
    /// </summary>
    public LevelDriftVerdict? Observe(LevelDriftState state, double value, long minute)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!double.IsFinite(value) || minute <= state.LastMinute)
        {
            return null;
        }

        state.LastMinute = minute;
        if (state.WarmUp is { } warmUp && state.Rows < _options.WarmUpRows)
        {
            state.Rows++;
            warmUp.Add(value);
            state.WarmUpMinutes.Add(minute);
            if (warmUp.Count >= _options.WarmUpRows)
            {
                Initialise(state, warmUp, minute);
            }

            return null;
        }

        state.Rows++;
        int slot = Slot(minute);
        double x = value - (state.Profile?[slot] ?? 0);
        double scale = Math.Max(state.Scale, _options.MinimumScale);
        state.Recent += _options.RecentSmoothing * Math.Clamp(x - state.Recent, -Clip * scale, Clip * scale);
        bool drifted = Accumulate(state, x, scale, minute, candidate: false);

        // A candidate profile (a shaped day not yet confirmed by the next) may only silence: while one waits, an alarm
        // needs the drift to show with the candidate removed as well as without it. A cycle's second day is then
        // silent, and an incident's shape taken for a cycle cannot raise anything the day after.
        if (state.CandidateProfile is { } candidate)
        {
            double xc = value - candidate[slot];
            state.CandidateRecent += _options.RecentSmoothing * Math.Clamp(xc - state.CandidateRecent, -Clip * scale, Clip * scale);
            drifted &= Accumulate(state, xc, scale, minute, candidate: true);
        }

        bool alarm = false;
        bool recovered = false;
        if (!state.InEpisode)
        {
            if (state.Rows >= _options.MinimumHistoryRows && drifted)
            {
                alarm = true;
                state.InEpisode = true;
                state.RecoveredRows = 0;
            }
        }
        else
        {
            state.RecoveredRows = state.Recent - state.Reference < _options.PracticalChange / 2 ? state.RecoveredRows + 1 : 0;
            if (state.RecoveredRows >= _options.RecoveryRows)
            {
                state.InEpisode = false;
                state.Cusum = 0;
                state.CandidateCusum = 0;
                recovered = true;
            }
        }

        Learn(state, value, x, slot, minute, scale);
        return new LevelDriftVerdict(alarm, state.InEpisode, recovered, state.Cusum, Threshold, state.Reference, state.Recent, scale, state.CusumStartMinute, state.Profile is not null);
    }

    /// <summary>Steps one view's CUSUM (outside episodes) and says whether that view alone would alarm.</summary>
    private bool Accumulate(LevelDriftState state, double x, double scale, long minute, bool candidate)
    {
        if (state.InEpisode)
        {
            return false;
        }

        double z = Math.Clamp((x - state.Reference) / scale, -Clip, Clip);
        double previous = candidate ? state.CandidateCusum : state.Cusum;
        // Capped at the threshold: a small shift that is significant but not practically large must not bank evidence
        // without limit and fire on the next noisy minute that crosses the practical line.
        double next = Math.Min(Threshold, Math.Max(0, previous + z - _options.Allowance));
        double recent = candidate ? state.CandidateRecent : state.Recent;
        if (candidate)
        {
            state.CandidateCusum = next;
        }
        else
        {
            state.Cusum = next;
            if (previous == 0 && next > 0)
            {
                state.CusumStartMinute = minute;
            }
        }

        return next >= Threshold && recent - state.Reference >= _options.PracticalChange;
    }

    private void Learn(LevelDriftState state, double value, double x, int slot, long minute, double scale)
    {
        if (state.Previous is { } previous)
        {
            double difference = Math.Min(Math.Abs(x - previous), Clip * Math.Sqrt(2) * scale);
            state.Scale += ScaleSmoothing * ((difference * SigmaPerMeanAbsoluteDifference) - state.Scale);
        }

        state.Previous = x;
        if (state.InEpisode)
        {
            // Frozen: the reference and the profile must stay what healthy looked like. The first day's profile is the
            // exception: before a cycle is known, its rising half is indistinguishable from a drift and may open an
            // episode; leaving those rows out would leave a hole in the profile exactly where the cycle rises, and the
            // same hours would alarm again every day.
            if (state.Profile is null)
            {
                LearnProfile(state, value, slot, minute, scale);
            }

            return;
        }

        long learned = state.Rows - _options.WarmUpRows + 1;
        double weight = Math.Max(1.0 / _options.ReferenceMemoryRows, 1.0 / (learned + _options.WarmUpRows));
        state.Reference += weight * Math.Clamp(x - state.Reference, -Clip * scale, Clip * scale);
        LearnProfile(state, value, slot, minute, scale);
    }

    private void LearnProfile(LevelDriftState state, double value, int slot, long minute, double scale)
    {
        if (state.Profile is { } profile)
        {
            double rowsPerSlot = MinutesPerDay / (double)_options.SlotsPerDay;
            profile[slot] += _options.ProfileSmoothing / rowsPerSlot * Math.Clamp(value - state.Reference - profile[slot], -Clip * scale, Clip * scale);
            return;
        }

        // The first day keeps raw values per slot: its shape, and its level, come out of them together when it is done.
        AccumulateFirstDay(state, value, slot, minute, scale);
    }

    private void AccumulateFirstDay(LevelDriftState state, double value, int slot, long minute, double scale)
    {
        state.DaySums ??= new double[_options.SlotsPerDay];
        state.DayCounts ??= new int[_options.SlotsPerDay];
        state.FirstDayStartMinute ??= minute;
        state.DaySums[slot] += value;
        state.DayCounts[slot]++;
        if (minute - state.FirstDayStartMinute.Value >= MinutesPerDay - 1)
        {
            AdoptOrRestartProfile(state, scale);
        }
    }

    /// <summary>
    /// After a full day: the per-slot means, smoothed over neighbouring slots and centred, are the day's shape when
    /// their spread is well above what noise alone would give (each slot's mean has variance σ²/n). A shape becomes a
    /// candidate; the next day's shape, if it correlates with it, confirms it, and their average becomes the profile
    /// with the day's centre as the reference. An unshaped day clears the candidate; the next day is tried again, so a
    /// cycle that starts later is still learned.
    /// </summary>
    private void AdoptOrRestartProfile(LevelDriftState state, double scale)
    {
        var sums = state.DaySums!;
        var counts = state.DayCounts!;
        int slots = sums.Length;
        var means = new double[slots];
        int seen = 0;
        for (int i = 0; i < slots; i++)
        {
            if (counts[i] > 0)
            {
                means[i] = sums[i] / counts[i];
                seen++;
            }
            else
            {
                means[i] = double.NaN;
            }
        }

        state.DaySums = null;
        state.DayCounts = null;
        state.FirstDayStartMinute = null;
        if (seen < slots / 2)
        {
            return; // too sparse a day to say anything about its shape
        }

        // Each slot's mean has variance σ²/rows; a smoothed slot (the mean of n neighbouring means) has
        // (1/n²)·Σ σ²/rowsⱼ. Averaged over the day, that is the spread a profile of pure noise would show.
        var smoothed = new double[slots];
        double noiseVariance = 0;
        for (int i = 0; i < slots; i++)
        {
            double sum = 0;
            double variance = 0;
            int n = 0;
            for (int offset = -1; offset <= 1; offset++)
            {
                int j = ((i + offset) % slots + slots) % slots;
                if (!double.IsNaN(means[j]))
                {
                    sum += means[j];
                    variance += scale * scale / counts[j];
                    n++;
                }
            }

            smoothed[i] = n > 0 ? sum / n : double.NaN;
            noiseVariance += n > 0 ? variance / (n * (double)n) : 0;
        }

        var known = smoothed.Where(double.IsFinite).ToArray();
        double centre = known.Average();
        double spread = known.Sum(v => (v - centre) * (v - centre)) / known.Length;
        noiseVariance /= known.Length;
        if (spread < _options.ProfileSignificance * noiseVariance)
        {
            SetCandidate(state, null);
            return;
        }

        // One shaped day is no evidence of a cycle (an incident of some hours shapes a day too): it becomes a candidate,
        // adopted when the next day, also shaped, correlates with it (a cycle repeats, an incident does not).
        var shape = smoothed.Select(v => double.IsFinite(v) ? v - centre : 0).ToArray();
        var candidate = state.CandidateProfile;
        if (candidate is null || Correlation(candidate, shape) < MinimumRepeatCorrelation)
        {
            SetCandidate(state, shape);
            // The day's mean is the best level there is: the reference was learned while the cycle was unknown (and
            // frozen through any episode, so it sits wherever the cycle happened to be). Taking the higher of the two
            // errs towards silence.
            state.Reference = Math.Max(state.Reference, centre);
            state.Cusum = 0;
            return;
        }

        var profile = candidate.Zip(shape, (a, b) => (a + b) / 2).ToArray();
        SetCandidate(state, null);
        // The recent level and the previous value were kept without a profile; move them to the profile's footing.
        int current = Slot(state.LastMinute);
        state.Recent -= profile[current];
        state.Previous -= profile[current];
        state.Profile = profile;
        state.Reference = centre;
        state.Cusum = 0;
    }

    private void SetCandidate(LevelDriftState state, double[]? candidate)
    {
        state.CandidateProfile = candidate;
        state.CandidateCusum = 0;
        state.CandidateRecent = candidate is null ? 0 : state.Recent - candidate[Slot(state.LastMinute)];
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average();
        double mb = b.Average();
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }

        return aa > 0 && bb > 0 ? ab / Math.Sqrt(aa * bb) : 0;
    }

    private void Initialise(LevelDriftState state, List<double> warmUp, long minute)
    {
        var values = warmUp.ToArray();
        var differences = new double[values.Length - 1];
        for (int i = 1; i < values.Length; i++)
        {
            differences[i - 1] = Math.Abs(values[i] - values[i - 1]);
        }

        state.Reference = SampleMedian.Of(values);
        state.Recent = state.Reference;
        state.Scale = SampleMedian.Of(differences) * SigmaPerMedianAbsoluteDifference;
        var minutes = state.WarmUpMinutes;
        for (int i = 0; i < values.Length && i < minutes.Count; i++)
        {
            AccumulateFirstDay(state, values[i], Slot(minutes[i]), minutes[i], Math.Max(state.Scale, _options.MinimumScale));
        }

        state.Previous = values[^1];
        state.CusumStartMinute = minute;
        state.WarmUp = [];
        state.WarmUpMinutes = [];
    }

    private int Slot(long minute) => (int)((((minute % MinutesPerDay) + MinutesPerDay) % MinutesPerDay) * _options.SlotsPerDay / MinutesPerDay);
}
