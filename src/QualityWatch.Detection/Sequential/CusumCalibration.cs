using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Sequential;

/// <summary>
/// Threshold h for a Bernoulli log-likelihood-ratio CUSUM with a target ARL₀, computed exactly on a lattice Markov chain.
/// </summary>
/// <remarks>
/// The LLR increments are +b·δ on a failure and −a·δ on a pass, with a and b small integers chosen so b/a matches
/// log((1−p₁)/(1−p₀)) / −log(p₁/p₀); S = max(0, S + increment) is then a Markov chain on {0, δ, …, h}. The ARL from
/// state i solves (I − Q)·L = 1 (Brook &amp; Evans 1972, Biometrika 59(3)); h is found by bisection on the monotone ARL(h).
/// Siegmund's approximation ARL ≈ (e^h − h − 1)/|E₀[Z]| is exposed for comparison.
/// </remarks>
public static class CusumCalibration
{
    /// <summary>LLR increment on a pass and on a failure for p₀ → p₁.</summary>
    public static (double OnPass, double OnFail) Increments(double p0, double p1) =>
        (Math.Log(p1 / p0), Math.Log((1 - p1) / (1 - p0)));

    /// <summary>Kullback–Leibler divergence KL(p₁‖p₀): the mean LLR increment after the change.</summary>
    public static double KullbackLeibler(double p1, double p0) =>
        (p1 * Math.Log(p1 / p0)) + ((1 - p1) * Math.Log((1 - p1) / (1 - p0)));

    /// <summary>Siegmund's approximation of the in-control ARL for threshold h.</summary>
    public static double SiegmundArl0(double p0, double p1, double h)
    {
        double meanDrift = -KullbackLeibler(p0, p1);
        return (Math.Exp(h) - h - 1) / Math.Abs(meanDrift);
    }

    /// <summary>Threshold h whose in-control ARL is <paramref name="targetArl0"/>.</summary>
    public static double Threshold(double p0, double p1, double targetArl0)
    {
        var (onPass, onFail) = Increments(p0, p1);
        var (a, b) = Lattice(-onPass, onFail);
        double delta = onFail / b;
        int low = 1;
        int high = 1;
        while (Arl(p0, a, b, high) < targetArl0)
        {
            low = high;
            high *= 2;
            if (high > 200_000)
            {
                break;
            }
        }

        while (high - low > 1)
        {
            int mid = (low + high) / 2;
            if (Arl(p0, a, b, mid) < targetArl0)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return high * delta;
    }

    /// <summary>
    /// Threshold h for a CUSUM tuned to an <b>estimated</b> baseline p̂₀ (from <paramref name="baselineChecks"/> healthy
    /// checks) → p₁, such that the in-control alarm rate averaged over what the true pass rate could be given that
    /// estimate is at most 1/<paramref name="targetArl0"/>: E[1/ARL(h; p)] ≤ 1/ARL₀ with p ~ N(p̂₀, p̂₀(1 − p̂₀)/n), the
    /// large-sample posterior of the pass rate.
    /// </summary>
    /// <remarks>
    /// Why: a CUSUM tuned to p̂₀ runs with a drift towards its threshold whenever the true rate is below the estimate,
    /// and ARL₀ is exponential in h, so a plain plug-in threshold spends its false-alarm budget on the lucky series
    /// (with dozens of series one is always a standard error optimistic). Lowering p₀ by a fixed margin (the earlier
    /// fix) keeps the guarantee but tunes the chart to the wrong drop, doubling the delay. This keeps the optimal
    /// tuning (p̂₀ → p̂₀ − d) and pays for the estimation error only in h, which shrinks towards the known-parameter
    /// threshold as the history grows (a threshold adjusted for estimation error in the sense of Gandy &amp; Kvaløy
    /// 2013, computed exactly on the chain instead of by bootstrap because the Bernoulli model has one parameter).
    /// The average over p uses Gauss–Hermite quadrature; each node's ARL is the exact chain ARL. Where no threshold on
    /// the chain reaches the target (a short history, a drop smaller than the estimate's uncertainty) the largest
    /// chain threshold is returned: the chart then only reacts to drops far larger than it is tuned for.
    /// </remarks>
    public static double ThresholdForEstimatedBaseline(double p0, double p1, long baselineChecks, double targetArl0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baselineChecks, 1);
        var (onPass, onFail) = Increments(p0, p1);
        var (a, b) = Lattice(-onPass, onFail);
        double delta = onFail / b;
        double standardError = Math.Sqrt(p0 * (1 - p0) / baselineChecks);
        var nodes = GaussHermiteNodes.StandardNormal;
        double AlarmRate(int m)
        {
            double rate = 0;
            foreach (var (z, weight) in nodes)
            {
                double p = Math.Clamp(p0 + (z * standardError), 1e-6, 1 - 1e-6);
                rate += weight / Arl(p, a, b, m);
            }

            return rate;
        }

        // log(rate) falls almost linearly in h (ARL grows like e^{θh}), so a bracketed secant on it (Illinois
        // variant, with a bisection step whenever the bracket fails to halve) needs a handful of chain solves per node
        // where plain bisection over thousands of states needs a dozen.
        double Excess(int m) => Math.Log(AlarmRate(m)) - Math.Log(1 / targetArl0);
        int low = 1;
        double lowExcess = Excess(low);
        if (lowExcess <= 0)
        {
            return delta;
        }

        int high = 256;
        double highExcess = Excess(high);
        while (highExcess > 0)
        {
            (low, lowExcess) = (high, highExcess);
            if (high >= MaximumStates - 1)
            {
                return MaximumStates * delta;
            }

            high = Math.Min(high * 2, MaximumStates - 1);
            highExcess = Excess(high);
        }

        int retained = 0;
        while (high - low > 1)
        {
            int width = high - low;
            int next = double.IsFinite(highExcess) ? low + (int)Math.Round(width * lowExcess / (lowExcess - highExcess)) : (low + high) / 2;
            next = Math.Clamp(next, low + 1, high - 1);
            double excess = Excess(next);
            if (excess > 0)
            {
                (low, lowExcess) = (next, excess);
                highExcess = retained == 1 ? highExcess / 2 : highExcess;
                retained = 1;
            }
            else
            {
                (high, highExcess) = (next, excess);
                lowExcess = retained == -1 ? lowExcess / 2 : lowExcess;
                retained = -1;
            }

            if (high - low > width / 2 && high - low > 1)
            {
                int middle = (low + high) / 2;
                double middleExcess = Excess(middle);
                if (middleExcess > 0)
                {
                    (low, lowExcess) = (middle, middleExcess);
                }
                else
                {
                    (high, highExcess) = (middle, middleExcess);
                }
            }
        }

        return high * delta;
    }

    /// <summary>ARL of the chain with pass probability <paramref name="passProbability"/> for threshold h.</summary>
    public static double Arl(double p0, double p1, double passProbability, double h)
    {
        var (onPass, onFail) = Increments(p0, p1);
        var (a, b) = Lattice(-onPass, onFail);
        double delta = onFail / b;
        return Arl(passProbability, a, b, (int)Math.Round(h / delta));
    }

    private static (int A, int B) Lattice(double downStep, double upStep)
    {
        double ratio = upStep / downStep;
        int bestA = 1;
        double bestError = double.MaxValue;
        for (int a = 1; a <= 4; a++)
        {
            int b = (int)Math.Round(ratio * a);
            if (b * 1.0 > 400)
            {
                break;
            }

            double error = Math.Abs((b / (double)a) - ratio) / ratio;
            if (error < bestError - 1e-9)
            {
                bestError = error;
                bestA = a;
            }
        }

        return (bestA, Math.Max(1, (int)Math.Round(ratio * bestA)));
    }

    /// <summary>
    /// States 0..m (S = i·δ); alarm when S &gt; m·δ. Solves (I − Q)L = 1 by Gaussian elimination inside the band: row i
    /// has its diagonal, one entry a columns to the left (column 0 for the first a rows, still inside that band) and
    /// one b columns to the right, so L and U stay within a lower bandwidth a and an upper bandwidth b and the solve
    /// costs O(m·a·(a + b)) instead of the O(m³) of a dense LU — milliseconds instead of minutes at m in the thousands.
    /// No pivoting is needed: I − Q is diagonally dominant by rows (Q is sub-stochastic), for which elimination without
    /// pivoting is stable (growth factor at most 2).
    /// </summary>
    internal static double Arl(double passProbability, int a, int b, int m)
    {
        int n = m + 1;
        double q = 1 - passProbability;
        if (n > MaximumStates)
        {
            return double.PositiveInfinity;
        }

        // band[i, a + (j − i)] holds A[i, j] for i − a ≤ j ≤ i + b.
        int width = a + b + 1;
        var band = new double[n * width];
        var rhs = new double[n];
        for (int i = 0; i < n; i++)
        {
            band[(i * width) + a] += 1;
            int left = Math.Max(0, i - a);
            band[(i * width) + a + (left - i)] -= passProbability;
            if (i + b <= m)
            {
                band[(i * width) + a + b] -= q;
            }

            rhs[i] = 1;
        }

        for (int k = 0; k < n; k++)
        {
            double pivot = band[(k * width) + a];
            int lastRow = Math.Min(n - 1, k + a);
            int lastColumn = Math.Min(n - 1, k + b);
            for (int i = k + 1; i <= lastRow; i++)
            {
                int ik = (i * width) + a + (k - i);
                double factor = band[ik] / pivot;
                if (factor == 0)
                {
                    continue;
                }

                band[ik] = 0;
                for (int j = k + 1; j <= lastColumn; j++)
                {
                    band[(i * width) + a + (j - i)] -= factor * band[(k * width) + a + (j - k)];
                }

                rhs[i] -= factor * rhs[k];
            }
        }

        var solution = new double[n];
        for (int k = n - 1; k >= 0; k--)
        {
            double sum = rhs[k];
            int lastColumn = Math.Min(n - 1, k + b);
            for (int j = k + 1; j <= lastColumn; j++)
            {
                sum -= band[(k * width) + a + (j - k)] * solution[j];
            }

            solution[k] = sum / band[(k * width) + a];
        }

        return solution[0];
    }

    // Chains beyond this many states count as "ARL beyond any target" (the threshold search stops there); kept from
    // the dense solver's limit so thresholds do not change.
    private const int MaximumStates = 4000;
}
