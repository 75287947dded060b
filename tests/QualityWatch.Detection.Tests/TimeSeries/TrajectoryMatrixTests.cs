using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class TrajectoryMatrixTests
{
    private static float[] Series(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i => (float)(10 + (3 * Math.Sin(i / 7.0)) + random.NextDouble())).ToArray();
    }

    private static void AssertClose(double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    [Theory]
    [InlineData(100, 10, false)]
    [InlineData(100, 30, true)]
    [InlineData(1440, 25, false)]
    [InlineData(1440, 60, true)]
    public void Products_DirectOrFft_EqualTheExplicitHankelMatrixProducts(int n, int l, bool fft)
    {
        var data = Series(n, n + l);
        var matrix = new TrajectoryMatrix(data, l);
        int k = n - l + 1;
        Assert.Equal(fft, matrix.UsesFft);

        var v = Series(k, 1).Select(x => x / 10).ToArray();
        var u = Series(l, 2).Select(x => x / 10).ToArray();
        var hv = new float[l];
        matrix.Multiply(v, hv);
        for (int i = 0; i < l; i++)
        {
            AssertClose(Enumerable.Range(0, k).Sum(j => (double)data[i + j] * v[j]), hv[i]);
        }

        var htu = new float[k];
        matrix.MultiplyTranspose(u, 0, htu);
        for (int j = 0; j < k; j++)
        {
            AssertClose(Enumerable.Range(0, l).Sum(i => (double)data[i + j] * u[i]), htu[j]);
        }

        // Diagonal averaging of u·vᵀ: element t is the mean of u[i]·v[t − i] over the anti-diagonal i + j = t.
        var hankel = new float[n];
        matrix.AddRankOneHankelization(u, 0, v, hankel);
        for (int t = 0; t < n; t++)
        {
            var terms = Enumerable.Range(Math.Max(0, t - k + 1), Math.Min(t, l - 1) - Math.Max(0, t - k + 1) + 1).Select(i => (double)u[i] * v[t - i]).ToList();
            AssertClose(terms.Average(), hankel[t]);
        }
    }

    [Fact]
    public void UnnormalizedCovariance_IsTheGramMatrixOfTheLaggedVectors()
    {
        var data = Series(200, 4);
        const int l = 40;
        var matrix = new TrajectoryMatrix(data, l);
        var cov = matrix.UnnormalizedCovariance();

        Assert.True(matrix.UsesFft);
        for (int a = 0; a < l; a += 7)
        {
            for (int b = 0; b < l; b += 5)
            {
                AssertClose(Enumerable.Range(0, 200 - l + 1).Sum(j => (double)data[a + j] * data[b + j]), cov[(a * l) + b]);
            }
        }
    }
}
