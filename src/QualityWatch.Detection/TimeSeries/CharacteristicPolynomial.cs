using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// Roots of a real monic polynomial c₀ + c₁X + … + c_{n−1}X^{n−1} + Xⁿ and back (ML.NET <c>PolynomialUtils</c>): roots
/// are the eigenvalues of the companion matrix; coefficients are rebuilt in decimal from linear and quadratic factors,
/// always multiplying the factor with the smallest leading magnitude by the one closest to its negation so the
/// intermediate coefficients stay small.
/// </summary>
internal static class CharacteristicPolynomial
{
    private const double ZeroTolerance = 2.22e-100;

    /// <summary>The n roots (zero roots last, as ML.NET places them); false when the eigenvalues cannot be computed.</summary>
    public static bool TryFindRoots(double[] coefficients, out Complex[] roots)
    {
        int n = coefficients.Length;
        roots = new Complex[n];
        int zeros = 0;
        while (zeros < n && Math.Abs(coefficients[zeros]) <= ZeroTolerance)
        {
            roots[n - zeros - 1] = Complex.Zero;
            zeros++;
        }

        if (zeros == n)
        {
            return true;
        }

        if (zeros == n - 1)
        {
            roots[0] = new Complex(-coefficients[zeros], 0);
            return true;
        }

        if (zeros == n - 2)
        {
            double b = coefficients[zeros + 1];
            double c = coefficients[zeros];
            double delta = (b * b) - (4 * c);
            double root = Math.Sqrt(Math.Abs(delta));
            (roots[0], roots[1]) = delta >= 0
                ? (new Complex((-b + root) / 2, 0), new Complex((-b - root) / 2, 0))
                : (new Complex(-b / 2, root / 2), new Complex(-b / 2, -root / 2));
            return true;
        }

        int m = n - zeros;
        var companion = Matrix<double>.Build.Dense(m, m);
        for (int i = 1; i < m; i++)
        {
            companion[i, i - 1] = 1;
        }

        for (int i = 0; i < m; i++)
        {
            companion[i, m - 1] = -coefficients[zeros + i];
        }

        try
        {
            var eigenValues = companion.Evd().EigenValues;
            for (int i = 0; i < m; i++)
            {
                roots[i] = eigenValues[i];
                if (double.IsNaN(roots[i].Real) || double.IsNaN(roots[i].Imaginary))
                {
                    return false;
                }
            }
        }
        catch (ArithmeticException)
        {
            return false;
        }

        return true;
    }

    /// <summary>The n coefficients of the monic polynomial with these roots; false when a complex root has no conjugate,
    /// a root is NaN, or a coefficient overflows decimal.</summary>
    public static bool TryFromRoots(IReadOnlyList<Complex> roots, out double[] coefficients)
    {
        int n = roots.Count;
        coefficients = new double[n];
        int zeroRoots = 0;
        var factors = new List<MonicFactor>();
        var unpaired = new Dictionary<Complex, int>();
        try
        {
            foreach (var root in roots)
            {
                if (double.IsNaN(root.Real) || double.IsNaN(root.Imaginary))
                {
                    return false;
                }

                if (root == Complex.Zero)
                {
                    zeroRoots++;
                }
                else if (root.Imaginary == 0)
                {
                    factors.Add(new MonicFactor([(decimal)-root.Real]));
                }
                else if (unpaired.TryGetValue(Complex.Conjugate(root), out int waiting))
                {
                    factors.Add(new MonicFactor([(decimal)((root.Real * root.Real) + (root.Imaginary * root.Imaginary)), (decimal)(-2 * root.Real)]));
                    if (waiting == 1)
                    {
                        unpaired.Remove(Complex.Conjugate(root));
                    }
                    else
                    {
                        unpaired[Complex.Conjugate(root)] = waiting - 1;
                    }
                }
                else
                {
                    unpaired[root] = unpaired.GetValueOrDefault(root) + 1;
                }
            }

            if (unpaired.Count > 0)
            {
                return false;
            }

            var byKey = Comparer<MonicFactor>.Create((a, b) => a.Key.CompareTo(b.Key));
            factors.Sort(byKey);
            while (factors.Count > 1)
            {
                MonicFactor smallest;
                if (Math.Abs(factors[0].Key) < Math.Abs(factors[^1].Key))
                {
                    smallest = factors[0];
                    factors.RemoveAt(0);
                }
                else
                {
                    smallest = factors[^1];
                    factors.RemoveAt(factors.Count - 1);
                }

                int partner = factors.BinarySearch(MonicFactor.Probe(-smallest.Key), byKey);
                partner = Math.Min(factors.Count - 1, partner < 0 ? ~partner : partner);
                var product = smallest.Times(factors[partner]);
                factors.RemoveAt(partner);
                int at = factors.BinarySearch(product, byKey);
                factors.Insert(at < 0 ? ~at : at, product);
            }

            if (factors.Count == 1)
            {
                var product = factors[0].Coefficients;
                for (int i = zeroRoots; i < n; i++)
                {
                    coefficients[i] = decimal.ToDouble(product[i - zeroRoots]);
                }
            }

            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>c₀ + c₁X + … + X^degree, the leading 1 implicit; Key is the coefficient of largest magnitude.</summary>
    private sealed class MonicFactor
    {
        public MonicFactor(decimal[] coefficients)
        {
            Coefficients = coefficients;
            foreach (var c in coefficients)
            {
                if (Math.Abs(c) > Math.Abs(Key) || Key == 0)
                {
                    Key = c;
                }
            }
        }

        private MonicFactor(decimal key)
        {
            Coefficients = [];
            Key = key;
        }

        public decimal[] Coefficients { get; }

        public decimal Key { get; }

        public static MonicFactor Probe(decimal key) => new(key);

        public MonicFactor Times(MonicFactor other)
        {
            var u = Coefficients;
            var v = other.Coefficients;
            var product = new decimal[u.Length + v.Length];
            for (int i = 0; i < u.Length; i++)
            {
                for (int j = 0; j < v.Length; j++)
                {
                    product[i + j] += u[i] * v[j];
                }

                product[i + v.Length] += u[i];
            }

            for (int j = 0; j < v.Length; j++)
            {
                product[j + u.Length] += v[j];
            }

            return new MonicFactor(product);
        }
    }
}
