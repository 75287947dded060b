using System.Numerics;
using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class CharacteristicPolynomialTests
{
    [Fact]
    public void TryFindRoots_QuarticWithRealAndComplexRoots_FindsAllFour()
    {
        // (X − 1)(X − 2)(X² + 1) = X⁴ − 3X³ + 3X² − 3X + 2, coefficients ascending without the leading 1.
        Assert.True(CharacteristicPolynomial.TryFindRoots([2, -3, 3, -3], out var roots));

        var expected = new[] { new Complex(1, 0), new Complex(2, 0), new Complex(0, 1), new Complex(0, -1) };
        Assert.All(expected, e => Assert.Contains(roots, r => Complex.Abs(r - e) < 1e-9));
    }

    [Fact]
    public void TryFindRoots_TrailingZeroCoefficients_PutsTheZeroRootsLast()
    {
        // X³ − 3X² + 2X = X(X − 1)(X − 2).
        Assert.True(CharacteristicPolynomial.TryFindRoots([0, 2, -3], out var roots));

        Assert.Equal(Complex.Zero, roots[2]);
        Assert.Equal(new[] { 2.0, 1.0 }, roots.Take(2).Select(r => r.Real));
    }

    [Fact]
    public void TryFromRoots_RootsOfAPolynomial_RebuildsItsCoefficients()
    {
        double[] coefficients = [0.5, -1.25, 2, -0.75, 1.5, -0.3];
        Assert.True(CharacteristicPolynomial.TryFindRoots(coefficients, out var roots));
        var paired = roots.Select(r => Math.Abs(r.Imaginary) < 1e-12 ? new Complex(r.Real, 0) : r).ToArray();

        Assert.True(CharacteristicPolynomial.TryFromRoots(paired, out var rebuilt));
        Assert.Equal(coefficients.Length, rebuilt.Length);
        for (int i = 0; i < coefficients.Length; i++)
        {
            Assert.Equal(coefficients[i], rebuilt[i], 9);
        }
    }

    [Fact]
    public void TryFromRoots_ComplexRootWithoutItsConjugate_Fails()
    {
        Assert.False(CharacteristicPolynomial.TryFromRoots([new Complex(0.5, 0.5), new Complex(1, 0)], out _));
    }
}
