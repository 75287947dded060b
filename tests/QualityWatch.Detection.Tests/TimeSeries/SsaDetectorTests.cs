using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

/// <summary>ML.NET's SSA golden cases (test/Microsoft.ML.TimeSeries.Tests/TimeSeriesDirectApi.cs and the
/// DetectSpikeBySsa / DetectChangePointBySsa samples), asserted to the precision ML.NET asserts or prints.</summary>
public sealed class SsaDetectorTests
{
    private static double[] Seasonal(int count, int seed) =>
        SeriesFixtures.Noise(count, 0, 0.2, seed).Select((e, i) => 10 + (5 * Math.Sin(2 * Math.PI * i / 10)) + e).ToArray();

    /// <summary>Five seasons of 0…9 then i·100 (ML.NET's <c>ChangePointDetectionWithSeasonality</c> data).</summary>
    private static double[] MlNetSeasonalThenRamp() =>
        Enumerable.Range(0, 50).Select(i => (double)(i % 10)).Concat(Enumerable.Range(0, 10).Select(i => i * 100.0)).ToArray();

    private static SsaOptions MlNetSeasonalChangePointOptions() =>
        SsaOptions.ChangePointDefaults with { Confidence = 95, ChangeHistoryLength = 10, TrainingWindowSize = 50, SeasonalityWindowSize = 10 };

    /// <summary>Three seasons of 0…4, the data of ML.NET's SSA samples (trainingWindowSize 15, seasonalityWindowSize 6).</summary>
    private static double[] SampleTraining() => Enumerable.Range(0, 15).Select(i => (double)(i % 5)).ToArray();

    /// <summary>ML.NET's time-series prediction engine after <c>Fit</c>: the model keeps the state training left, the
    /// p-value/martingale state starts empty, and each observation is consumed before the prediction it is scored
    /// against is read (the engine pings the state update before the output getter).</summary>
    private static (double Raw, double PValue, double Martingale, bool Alert) EnginePredict(SsaModel model, SequentialAnomalyScorer scorer, double value)
    {
        model.Consume((float)value);
        double raw = (float)value - (double)model.NextPrediction;
        var (alert, p, martingale) = scorer.Process(raw);
        return (raw, p, martingale, alert);
    }

    [Fact]
    public void ChangePointDetectionWithSeasonality_MlNetGolden_RowsMatchTo7Decimals()
    {
        var outputs = new SsaChangePointDetector(MlNetSeasonalChangePointOptions()).FitTransform(MlNetSeasonalThenRamp());

        // ML.NET's expected rows: alert, raw score, p-value, martingale.
        double[][] expected =
        [
            [0, -3.31410598754883, 0.5, 5.12000000000001E-08],
            [0, 1.5700820684432983, 5.2001145245395008E-07, 0.012414560443710681],
            [0, 1.2854313254356384, 0.28810801662678009, 0.02038940454467935],
            [0, -1.0950627326965332, 0.36663890634019225, 0.026956459625565483],
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i][0], outputs[i].IsChangePoint ? 1 : 0);
            Assert.Equal(expected[i][1], outputs[i].RawScore, 7);
            Assert.Equal(expected[i][2], outputs[i].PValue, 7);
            Assert.Equal(expected[i][3], outputs[i].Martingale, 7);
        }
    }

    [Fact]
    public void ChangePointDetectionWithSeasonality_Streaming_EqualsMlNetTransformFromTheLastTrainingPointOn()
    {
        var series = MlNetSeasonalThenRamp();
        var batch = new SsaChangePointDetector(MlNetSeasonalChangePointOptions()).FitTransform(series);
        var detector = new SsaChangePointDetector(MlNetSeasonalChangePointOptions());
        var streamed = series.Select(detector.Update).ToList();

        Assert.All(streamed.Take(49), o => Assert.True(double.IsNaN(o.RawScore) && !o.IsChangePoint));
        for (int i = 49; i < series.Length; i++)
        {
            Assert.Equal(batch[i], streamed[i]);
        }

        Assert.Equal([51], Enumerable.Range(0, series.Length).Where(i => streamed[i].IsChangePoint));
    }

    [Fact]
    public void ChangePointDetectionWithSeasonalityPredictionEngine_MlNetGolden_MatchesAndSurvivesACheckpoint()
    {
        var options = MlNetSeasonalChangePointOptions();
        var model = new SsaModel(options.SeasonalityWindowSize);
        model.Train(MlNetSeasonalThenRamp().Take(50).Select(v => (float)v).ToArray());
        double threshold = SequentialAnomalyScorer.ChangePointThreshold(MartingaleType.Power, 10, 95, 0.1);
        var scorer = new SequentialAnomalyScorer(10, AnomalySide.TwoSided, AlertingScore.MartingaleScore, MartingaleType.Power, 0.1, threshold);

        var first = EnginePredict(model, scorer, 1);
        Assert.False(first.Alert);
        Assert.Equal(1.1661833524703979, first.Raw, 5);
        Assert.Equal(0.5, first.PValue, 7);
        Assert.Equal(5.1200000000000114E-08, first.Martingale, 7);

        // Checkpoint (ML.NET engine.CheckPoint), then the second prediction from the original and from the reloaded copy.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            model.Save(writer);
            scorer.Save(writer);
        }

        stream.Position = 0;
        var reloadedModel = new SsaModel(options.SeasonalityWindowSize);
        var reloadedScorer = new SequentialAnomalyScorer(10, AnomalySide.TwoSided, AlertingScore.MartingaleScore, MartingaleType.Power, 0.1, threshold);
        using (var reader = new BinaryReader(stream))
        {
            reloadedModel.Load(reader);
            reloadedScorer.Load(reader);
        }

        foreach (var (m, s) in new[] { (model, scorer), (reloadedModel, reloadedScorer) })
        {
            var second = EnginePredict(m, s, 1);
            Assert.False(second.Alert);
            Assert.Equal(0.12216401100158691, second.Raw, 5);
            Assert.Equal(0.14823824685192111, second.PValue, 5);
            Assert.Equal(1.5292508189989167E-07, second.Martingale, 7);
        }
    }

    [Fact]
    public void DetectSpikeBySsaBatchPrediction_MlNetSample_PrintedRowsMatchAndOnlyTheSpikeAlerts()
    {
        var series = SampleTraining().Append(100).Concat(Enumerable.Range(0, 5).Select(i => (double)i)).ToArray();
        var outputs = new SsaSpikeDetector(new SsaOptions { Confidence = 95, PvalueHistoryLength = 8, TrainingWindowSize = 15, SeasonalityWindowSize = 6 }).FitTransform(series);

        double[] scores = [-2.53, -0.01, 0.76, 0.69, 1.44, -1.84, 0.22, 0.20, 0.16, 1.33, -1.79, 0.16, 0.09, 0.08, 1.31, 98.21, -13.83, -1.74, -0.47, -16.50, -29.82];
        double[] pValues = [0.50, 0.01, 0.14, 0.28, 0.18, 0.17, 0.44, 0.45, 0.47, 0.18, 0.07, 0.50, 0.50, 0.45, 0.12, 0.00, 0.29, 0.44, 0.46, 0.29, 0.21];
        for (int i = 0; i < series.Length; i++)
        {
            Assert.Equal(scores[i], Math.Round(outputs[i].RawScore, 2));
            Assert.Equal(pValues[i], Math.Round(outputs[i].PValue, 2));
        }

        Assert.Equal([15], Enumerable.Range(0, series.Length).Where(i => outputs[i].IsAnomaly));
    }

    [Fact]
    public void DetectChangePointBySsaBatchPrediction_MlNetSample_PrintedRowsMatchAndTheChangeAlertsAtIndex16()
    {
        var series = SampleTraining().Concat([0, 100, 200, 300, 400]).ToArray();
        var outputs = new SsaChangePointDetector(SsaOptions.ChangePointDefaults with { Confidence = 95, ChangeHistoryLength = 8, TrainingWindowSize = 15, SeasonalityWindowSize = 6 }).FitTransform(series);

        double[] scores = [-2.53, -0.01, 0.76, 0.69, 1.44, -1.84, 0.22, 0.20, 0.16, 1.33, -1.79, 0.16, 0.09, 0.08, 1.31, -1.79, 99.16, 185.23, 270.40, 357.11];
        double[] pValues = [0.50, 0.01, 0.14, 0.28, 0.18, 0.17, 0.44, 0.45, 0.47, 0.18, 0.07, 0.50, 0.50, 0.45, 0.12, 0.07, 0.00, 0.00, 0.01, 0.03];
        for (int i = 0; i < series.Length; i++)
        {
            Assert.Equal(scores[i], Math.Round(outputs[i].RawScore, 2));
            Assert.Equal(pValues[i], Math.Round(outputs[i].PValue, 2));
        }

        // The printed martingales multiply p^(ε−1) bets over tiny p-values, so one float ulp of a raw score (the sample
        // was printed by a build whose SIMD kernels round differently) moves them by a few parts in 10⁸.
        Assert.Equal(0.00, Math.Round(outputs[15].Martingale, 2));
        double[] martingales = [4031.94, 731260.87, 3578470.47, 45298370.86];
        for (int i = 0; i < martingales.Length; i++)
        {
            Assert.Equal(martingales[i], Math.Round(outputs[16 + i].Martingale, 2), Math.Max(0.005, martingales[i] * 1e-7));
        }

        Assert.Equal([16], Enumerable.Range(0, series.Length).Where(i => outputs[i].IsChangePoint));
    }

    [Fact]
    public void DetectSpikeBySsa_MlNetStreamingSample_PrintedRowsMatchAcrossACheckpoint()
    {
        var model = new SsaModel(6);
        model.Train(SampleTraining().Select(v => (float)v).ToArray());
        var scorer = new SequentialAnomalyScorer(8, AnomalySide.TwoSided, AlertingScore.PValueScore, MartingaleType.None, 0.1, 0.05);
        var inputs = Enumerable.Range(0, 10).Select(i => (double)(i % 5)).Append(100).Concat(Enumerable.Range(0, 5).Select(i => (double)i)).ToArray();
        double[] scores = [-1.01, -0.24, -0.31, 0.44, 2.16, -0.78, -0.80, -0.84, 0.33, 2.21, 86.17, -2.74, -1.47, -17.50, -30.82, -23.24];
        double[] pValues = [0.50, 0.22, 0.30, 0.01, 0.00, 0.27, 0.30, 0.31, 0.31, 0.07, 0.00, 0.40, 0.42, 0.24, 0.16, 0.28];

        for (int i = 0; i < inputs.Length; i++)
        {
            var row = EnginePredict(model, scorer, inputs[i]);
            Assert.Equal(scores[i], Math.Round(row.Raw, 2));
            Assert.Equal(pValues[i], Math.Round(row.PValue, 2));
            Assert.Equal(i == 10, row.Alert);
        }
    }

    [Fact]
    public void DetectChangePointBySsa_MlNetStreamingSample_PrintedRowsMatchIncludingTheDelayedAlert()
    {
        var model = new SsaModel(6);
        model.Train(SampleTraining().Select(v => (float)v).ToArray());
        double threshold = SequentialAnomalyScorer.ChangePointThreshold(MartingaleType.Power, 8, 95, 0.1);
        var scorer = new SequentialAnomalyScorer(8, AnomalySide.TwoSided, AlertingScore.MartingaleScore, MartingaleType.Power, 0.1, threshold);
        double[] inputs = [0, 1, 2, 3, 4, 100, 200, 300, 400, 500, 100, 200, 300, 400, 500];
        double[] scores = [-1.01, -0.24, -0.31, 0.44, 2.16, 86.23, 171.38, 256.83, 326.55, 364.82, -58.58, -41.24, -30.61, 58.87, 219.28];
        double[] pValues = [0.50, 0.22, 0.30, 0.01, 0.00, 0.00, 0.00, 0.01, 0.04, 0.08, 0.15, 0.20, 0.24, 0.38, 0.36];
        double[] martingales = [0.00, 0.00, 0.00, 0.00, 0.24, 2076098.24, 809668524.21, 22130423541.93, 241162710263.29, 597660527041.45, 1096021098844.34, 97579154688.98, 95319753.87, 14.24, 0.05];

        for (int i = 0; i < inputs.Length; i++)
        {
            var row = EnginePredict(model, scorer, inputs[i]);
            Assert.Equal(scores[i], Math.Round(row.Raw, 2));
            Assert.Equal(pValues[i], Math.Round(row.PValue, 2));
            Assert.Equal(martingales[i], Math.Round(row.Martingale, 2), Math.Max(0.005, martingales[i] * 1e-7));
            Assert.Equal(i == 7, row.Alert);
        }
    }

    [Fact]
    public void SsaSpike_SpikeOnSeasonalSeries_FlagsTheSpikeAndNothingBeforeIt()
    {
        var series = Seasonal(300, 5);
        series[250] += 8;
        var detector = new SsaSpikeDetector(new SsaOptions { TrainingWindowSize = 100, SeasonalityWindowSize = 10, PvalueHistoryLength = 50, Confidence = 99 });
        var flagged = series.Select((x, i) => (i, detector.Update(x))).Where(t => t.Item2.IsAnomaly).Select(t => t.i).ToList();

        Assert.Contains(250, flagged);
        Assert.True(flagged.Count(i => i != 250 && i != 251) <= 2, $"flagged: {string.Join(',', flagged)}");
    }

    [Fact]
    public void SsaModel_NoisySinusoid_RanksTwoAndForecastsWithinTheNoise()
    {
        var series = Seasonal(200, 11);
        var model = new SsaModel(20);
        model.Train(series.Take(150).Select(v => (float)v).ToArray());
        double[] errors = series.Skip(150).Select(v =>
        {
            double error = v - model.NextPrediction;
            model.Consume((float)v);
            return error;
        }).ToArray();

        Assert.InRange(model.Rank, 2, 3);
        Assert.True(errors.Select(Math.Abs).Average() < 0.5, $"mean |error| {errors.Select(Math.Abs).Average()}");
    }

    [Fact]
    public void SaveLoad_MidStream_ContinuesExactlyAsTheUninterruptedDetector()
    {
        var series = Seasonal(160, 3);
        var options = new SsaOptions { TrainingWindowSize = 60, SeasonalityWindowSize = 10, PvalueHistoryLength = 30 };
        var uninterrupted = new SsaSpikeDetector(options);
        var expected = series.Select(uninterrupted.Update).ToList();

        foreach (int cut in new[] { 30, 100 })
        {
            var first = new SsaSpikeDetector(options);
            foreach (var x in series.Take(cut))
            {
                first.Update(x);
            }

            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                first.Save(writer);
            }

            stream.Position = 0;
            var resumed = new SsaSpikeDetector(options);
            using (var reader = new BinaryReader(stream))
            {
                resumed.Load(reader);
            }

            Assert.Equal(expected.Skip(cut), series.Skip(cut).Select(resumed.Update));
        }
    }

    [Fact]
    public void Update_NaN_IsIgnoredLikeMlNet()
    {
        var options = new SsaOptions { TrainingWindowSize = 30, SeasonalityWindowSize = 5, PvalueHistoryLength = 10 };
        var series = Seasonal(60, 8);
        var clean = new SsaSpikeDetector(options);
        var expected = series.Select(clean.Update).ToList();
        var withGaps = new SsaSpikeDetector(options);
        var outputs = new List<DetectorOutput>();
        foreach (var x in series)
        {
            Assert.Equal(DetectorOutput.Quiet(), withGaps.Update(double.NaN));
            outputs.Add(withGaps.Update(x));
        }

        Assert.Equal(expected, outputs);
    }

    [Theory]
    [InlineData(1e30)]
    [InlineData(double.MaxValue)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Update_ExtremeValuesInAndAfterTraining_NeverThrowsAndScoresStayInTheUnitInterval(double extreme)
    {
        foreach (int at in new[] { 3, 40 })
        {
            var series = Seasonal(80, 2);
            series[at] = extreme;
            var spike = new SsaSpikeDetector(new SsaOptions { TrainingWindowSize = 30, SeasonalityWindowSize = 6, PvalueHistoryLength = 10 });
            var change = new SsaChangePointDetector(SsaOptions.ChangePointDefaults with { TrainingWindowSize = 30, SeasonalityWindowSize = 6, ChangeHistoryLength = 8 });

            foreach (var x in series)
            {
                Assert.InRange(spike.Update(x).Score, 0, 1);
                Assert.InRange(change.Update(x).Score, 0, 1);
            }
        }
    }

    [Fact]
    public void Options_TrainingWindowTooShort_NamesTheParameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SsaSpikeDetector(new SsaOptions { TrainingWindowSize = 20, SeasonalityWindowSize = 10 }));
        Assert.Equal("TrainingWindowSize", ex.ParamName);
    }
}
