using MathNet.Numerics.LinearAlgebra;

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

    /// <summary>States 0..m (S = i·δ); alarm when S &gt; m·δ. Solves (I − Q)L = 1 with a banded LU.</summary>
    private static double Arl(double passProbability, int a, int b, int m)
    {
        int n = m + 1;
        double q = 1 - passProbability;
        if (n > 4000)
        {
            return double.PositiveInfinity;
        }

        var dense = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            dense[i, i] += 1;
            dense[i, Math.Max(0, i - a)] -= passProbability;
            if (i + b <= m)
            {
                dense[i, i + b] -= q;
            }
        }

        var ones = Vector<double>.Build.Dense(n, 1.0);
        return dense.Solve(ones)[0];
    }
}
