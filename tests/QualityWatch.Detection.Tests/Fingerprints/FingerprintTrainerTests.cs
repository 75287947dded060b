using System.Diagnostics;
using QualityWatch.Detection.Fingerprints;
using Xunit.Abstractions;

namespace QualityWatch.Detection.Tests.Fingerprints;

public sealed class FingerprintTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void With_fewer_answers_than_the_minimum_per_model_no_model_is_trained()
    {
        var pool = Pool(rounds: 7); // 280 answers per model, below the default minimum of 300
        var model = FingerprintTrainer.Train(pool, minimumPerClass: 300, swapShare: 0.25, out _);

        Assert.Null(model);
    }

    [Fact]
    public void With_one_model_only_there_is_nothing_to_tell_it_from_and_no_model_is_trained()
    {
        var pool = Pool(rounds: 30, models: [StyledModels.Mini]);
        var model = FingerprintTrainer.Train(pool, minimumPerClass: 300, swapShare: 0.25, out _);

        Assert.Null(model);
    }

    [Fact]
    public void A_model_without_enough_answers_is_left_out_and_gets_no_verdict()
    {
        var pool = Pool(rounds: 25);
        pool[StyledModels.Flash.Identity] = pool[StyledModels.Flash.Identity][..100];
        var model = FingerprintTrainer.Train(pool, minimumPerClass: 300, swapShare: 0.25, out _);

        Assert.NotNull(model);
        Assert.False(model.Knows(StyledModels.Flash.Identity));
        Assert.True(model.Knows(StyledModels.Mini.Identity));
    }

    [Fact]
    public void On_strict_answers_alone_models_that_write_the_same_bytes_get_no_verdict()
    {
        // gpt-4o-mini, gpt-4.1 and claude-sonnet-4 all answer "1000" to "what is …? Reply with the number only".
        ModelHabits[] alike = [StyledModels.Mini, StyledModels.Gpt41, StyledModels.Sonnet];
        var pool = alike.ToDictionary(
            m => m.Identity,
            m => Enumerable.Range(1, 25).SelectMany(r => StyledModels.Round(r, m, strict: 40, freeForm: 0)).Select(a => StoredAnswer.Of($"{a.Suite}/{a.CaseId}", a.Actual)).ToList(),
            StringComparer.Ordinal);
        var model = FingerprintTrainer.Train(pool, 300, 0.25, out _)!;

        Assert.All(alike, m => Assert.False(model.Knows(m.Identity), $"{m.Identity}: {model.Calibrations[m.Identity]}"));

        // gemini-2.5-flash ends its answers with a newline: with it in the pool, a swap to it can be told.
        pool[StyledModels.Flash.Identity] = [.. Enumerable.Range(1, 25).SelectMany(r => StyledModels.Round(r, StyledModels.Flash, strict: 40, freeForm: 0)).Select(a => StoredAnswer.Of($"{a.Suite}/{a.CaseId}", a.Actual))];
        Assert.True(FingerprintTrainer.Train(pool, 300, 0.25, out _)!.Knows(StyledModels.Flash.Identity));
    }

    [Fact]
    public void Trained_on_four_models_each_models_fresh_answers_get_its_own_name_and_training_takes_well_under_a_second()
    {
        var pool = Pool(rounds: 25); // 1,000 answers per model: the default cap
        _ = FingerprintTrainer.Train(Pool(rounds: 8), 300, 0.25, out _); // warm up ML.NET and the tokenizer
        var clock = Stopwatch.StartNew();
        var model = FingerprintTrainer.Train(pool, minimumPerClass: 300, swapShare: 0.25, out var elapsed);
        clock.Stop();
        Assert.NotNull(model);

        foreach (var habits in StyledModels.All)
        {
            var fresh = Enumerable.Range(100, 20).SelectMany(r => StyledModels.Round(r, habits)).ToList();
            var scores = model.Score([.. fresh.Select(a => AnswerFeatures.Extract($"{a.Suite}/{a.CaseId}", a.Actual))]);
            double own = scores.Average(s => s[model.IndexOf(habits.Identity)]);
            output.WriteLine($"{habits.Identity}: mean posterior on its own fresh answers {own:F3}, calibration {model.Calibrations[habits.Identity]}");
            Assert.True(own > 0.6, $"{habits.Identity} scored {own:F3} on its own answers");
        }

        output.WriteLine($"training on 4,000 answers: {elapsed.TotalMilliseconds:F0} ms (wall {clock.ElapsedMilliseconds} ms)");
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"training took {elapsed}");
    }

    [Fact]
    public void Training_twice_on_the_same_pool_gives_the_same_posteriors()
    {
        var pool = Pool(rounds: 10);
        var first = FingerprintTrainer.Train(pool, 300, 0.25, out _)!;
        var second = FingerprintTrainer.Train(pool, 300, 0.25, out _)!;
        var answers = StyledModels.Round(50, StyledModels.Sonnet).Select(a => AnswerFeatures.Extract($"{a.Suite}/{a.CaseId}", a.Actual)).ToList();

        Assert.Equal(first.Score(answers).SelectMany(s => s), second.Score(answers).SelectMany(s => s));
        Assert.Equal(first.Calibrations, second.Calibrations);
    }

    [Fact]
    public void The_saved_model_scores_like_the_trained_one()
    {
        var model = FingerprintTrainer.Train(Pool(rounds: 10), 300, 0.25, out _)!;
        var loaded = FingerprintModel.Load(model.Save(), model.Classes, model.Calibrations);
        var answers = StyledModels.Round(60, StyledModels.Gpt41).Select(a => AnswerFeatures.Extract($"{a.Suite}/{a.CaseId}", a.Actual)).ToList();

        Assert.Equal(model.Classes, loaded.Classes);
        Assert.Equal(model.Score(answers).SelectMany(s => s), loaded.Score(answers).SelectMany(s => s));
    }

    /// <summary>
    /// The threshold log(ARL₀) bounds the in-control run length below by ARL₀ only if every increment's exponential has
    /// mean ≤ 1 on healthy answers — which the held-out calibration is there to ensure. At an ARL₀ of 100 answers, the
    /// CUSUM (restarted after each alarm) over 40,000 fresh healthy answers may alarm at most 400 times.
    /// </summary>
    [Fact]
    public void On_fresh_healthy_answers_the_calibrated_CUSUM_alarms_no_more_often_than_its_stated_rate()
    {
        var model = FingerprintTrainer.Train(Pool(rounds: 25), 300, 0.25, out _)!;
        const double arl0 = 100;
        double h = Math.Log(arl0);
        long answers = 0;
        int alarms = 0;
        foreach (var habits in StyledModels.All)
        {
            var calibration = model.Calibrations[habits.Identity];
            var fresh = Enumerable.Range(1_000, 250).SelectMany(r => StyledModels.Round(r, habits)).ToList();
            var scores = model.Score([.. fresh.Select(a => AnswerFeatures.Extract($"{a.Suite}/{a.CaseId}", a.Actual))]);
            double s = 0;
            foreach (var score in scores)
            {
                answers++;
                // Without the drift allowance: the e-value bound alone must hold.
                s = Math.Max(0, s + FingerprintTrainer.Increment(FingerprintModel.LogOddsAgainst(score[model.IndexOf(habits.Identity)]), calibration.Lambda, calibration.Offset, 0.25));
                if (s >= h)
                {
                    alarms++;
                    s = 0;
                }
            }
        }

        output.WriteLine($"{alarms} alarms in {answers} healthy answers at ARL0 {arl0}: mean run length {(alarms == 0 ? double.PositiveInfinity : answers / (double)alarms):F0}");
        Assert.True(alarms <= answers / arl0, $"{alarms} false alarms in {answers} answers; the bound allows {answers / arl0}");
    }

    [Fact]
    public void A_full_swap_adds_a_clearly_positive_increment_per_answer()
    {
        var model = FingerprintTrainer.Train(Pool(rounds: 25), 300, 0.25, out _)!;
        foreach (var habits in StyledModels.All)
        {
            var calibration = model.Calibrations[habits.Identity];
            output.WriteLine($"{habits.Identity}: λ = {calibration.Lambda}, c = {calibration.Offset:F3}, swap increment {calibration.SwapIncrement:F3}, answers to log(1e7) ≈ {Math.Log(1e7) / calibration.SwapIncrement:F0}");
            Assert.True(calibration.SwapIncrement > 0.3, $"{habits.Identity}: {calibration.SwapIncrement}");
        }
    }

    [Fact]
    public void A_persisted_model_that_cannot_be_read_gives_no_verdict_until_the_next_training_instead_of_failing_the_pass()
    {
        var state = new FingerprintState { ModelBytes = [1, 2, 3, 4], Classes = ["a/x", "b/y"] };

        Assert.Null(state.CurrentModel());
        Assert.Null(state.ModelBytes);
        Assert.Empty(state.Classes);
    }

    internal static Dictionary<string, List<StoredAnswer>> Pool(int rounds, ModelHabits[]? models = null) =>
        (models ?? StyledModels.All).ToDictionary(
            m => m.Identity,
            m => Enumerable.Range(1, rounds).SelectMany(r => StyledModels.Round(r, m)).Select(a => StoredAnswer.Of($"{a.Suite}/{a.CaseId}", a.Actual)).ToList(),
            StringComparer.Ordinal);
}
