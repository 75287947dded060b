using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class SsaModelTests
{
    private static float[] Growing(int count, double rate) => Enumerable.Range(0, count).Select(t => (float)(10 * Math.Pow(rate, t))).ToArray();

    private static float[] Sinusoid(int count) => Enumerable.Range(0, count).Select(t => (float)(5 + (3 * Math.Sin(2 * Math.PI * t / 8)))).ToArray();

    /// <summary>ML.NET's SsaForecast / SsaForecastPredictionEngine tests: windowSize 10, seriesLength 11, trainSize 22,
    /// maxRank L − 1, stabilised, on five seasons of 0…9 then i·100.</summary>
    private static SsaModel MlNetForecaster()
    {
        var series = Enumerable.Range(0, 22).Select(i => (float)(i % 10)).ToArray();
        var model = new SsaModel(10, stabilize: true, maxRank: 9);
        model.Train(series);
        return model;
    }

    [Fact]
    public void SsaForecastPredictionEngine_MlNetGolden_PointForecastsMatchExactly()
    {
        var model = MlNetForecaster();
        Assert.True(model.Info!.IsStabilized);
        Assert.Equal([-1.02245092f, 0.08333081f, 2.60737085f, 5.397319f, 7.500832f], model.Forecast(5));

        model.Consume(2);
        model.Consume(2);
        Assert.Equal([4.310587f, 6.39716768f, 7.73934f, 8.029469f], model.Forecast(4));

        model.Consume(3);
        Assert.Equal([6.00658846f, 7.506871f, 7.96424866f, 7.17514229f, 5.02655172f], model.Forecast(5));
    }

    [Fact]
    public void SsaForecast_MlNetGolden_FirstRowForecastAndConfidenceBoundsMatchTo7Decimals()
    {
        var model = MlNetForecaster();
        model.Consume(0);

        var (forecast, lower, upper) = model.ForecastWithConfidenceIntervals(4, 0.95f);
        float[] expectedForecast = [0.191491723f, 2.53994083f, 5.26454258f, 7.37313938f];
        float[] expectedLower = [-3.9741993f, -2.36872721f, 0.09407653f, 2.18899345f];
        float[] expectedUpper = [4.3571825f, 7.448609f, 10.435009f, 12.5572853f];
        Assert.Equal(expectedForecast, forecast);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expectedLower[i], lower[i], 7);
            Assert.Equal(expectedUpper[i], upper[i], 7);
        }
    }

    [Fact]
    public void SsaForecastPredictionEngine_MlNetGolden_ConfidenceBoundsMatchExactly()
    {
        var model = MlNetForecaster();
        var (_, lower, upper) = model.ForecastWithConfidenceIntervals(5, 0.95f);

        Assert.Equal([-5.188142f, -4.82533741f, -2.563095f, 0.213172823f, 2.29317045f], lower);
        Assert.Equal([3.14324f, 4.991999f, 7.777837f, 10.5814648f, 12.7084932f], upper);

        model.Consume(2);
        model.Consume(2);
        (_, lower, upper) = model.ForecastWithConfidenceIntervals(4, 0.95f);
        Assert.Equal([0.144895911f, 1.48849952f, 2.568874f, 2.84532261f], lower);
        Assert.Equal([8.476278f, 11.3058357f, 12.9098063f, 13.2136145f], upper);

        model.Consume(3);
        (_, lower, upper) = model.ForecastWithConfidenceIntervals(5, 0.95f);
        Assert.Equal([1.84089744f, 2.59820318f, 2.79378271f, 1.99099624f, -0.181109816f], lower);
        Assert.Equal([10.1722794f, 12.41554f, 13.1347151f, 12.3592882f, 10.2342129f], upper);
    }

    [Fact]
    public void Train_ExponentialGrowthWithMaxGrowth_StabilisedRootsStayWithinTheAllowedGrowth()
    {
        var model = new SsaModel(10, stabilize: true, maxTrendRatio: 1.01);
        model.Train(Growing(60, 1.05));

        var info = model.Info!;
        Assert.True(info.IsStabilized);
        Assert.Contains(info.RootsBeforeStabilization, r => r.Magnitude > 1.01 + 1e-6);
        Assert.All(info.RootsAfterStabilization, r => Assert.True(r.Magnitude <= 1.01 + 1e-9, $"root {r} above 1.01"));
        Assert.True(info.ExponentialTrendFactor <= 1.01);
    }

    [Fact]
    public void Train_ExponentialGrowthWithoutStabilisation_KeepsTheExplosiveRecurrence()
    {
        var unstable = new SsaModel(10);
        var stable = new SsaModel(10, stabilize: true, maxTrendRatio: 1.0);
        var series = Growing(60, 1.05);
        unstable.Train(series);
        stable.Train(series);

        Assert.False(unstable.Info!.IsStabilized);
        Assert.Empty(unstable.Info.RootsBeforeStabilization);
        // Forecasting 100 steps ahead, the unstabilised recurrence keeps growing ~5 % a step; the stabilised one may not grow.
        Assert.True(unstable.Forecast(100)[^1] > 10 * series[^1]);
        Assert.True(stable.Forecast(100)[^1] < 2 * series[^1]);
    }

    [Fact]
    public void Train_PureSinusoidStabilised_StillForecastsTheCycle()
    {
        var series = Sinusoid(120);
        var model = new SsaModel(12, stabilize: true);
        model.Train(series.Take(100).ToArray());

        Assert.All(model.Info!.RootsAfterStabilization, r => Assert.True(r.Magnitude <= 1 + 1e-9));
        for (int t = 100; t < 120; t++)
        {
            Assert.Equal(series[t], model.NextPrediction, 0.05f);
            model.Consume(series[t]);
        }
    }

    [Fact]
    public void Train_ConstantSeries_ShrinksTheWindowOrFallsBackAndPredictsTheLevel()
    {
        var model = new SsaModel(6);
        model.Train(Enumerable.Repeat(4f, 30).ToArray());

        Assert.InRange(model.WindowSize, 2, 6);
        Assert.Equal(4f, model.NextPrediction, 1e-4f);
    }
}
