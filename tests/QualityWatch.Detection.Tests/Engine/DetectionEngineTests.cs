using System.Diagnostics.Metrics;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;
using static QualityWatch.Detection.Tests.Engine.EngineFixtures;

namespace QualityWatch.Detection.Tests.Engine;

public sealed class DetectionEngineTests
{
    private static readonly SeriesKey Key = SeriesKey.Of("openai-prod", "gpt-x");

    /// <summary>Rounds of 20 canaries: 10 "math", 10 "code"; math fails with <paramref name="mathFailRate"/>.</summary>
    private static List<CanaryResult> Round(int round, Random random, double mathFailRate, double codeFailRate = 0.05)
    {
        var results = new List<CanaryResult>();
        for (int i = 0; i < 10; i++)
        {
            results.Add(Result(round, $"math-{i}", random.NextDouble() >= mathFailRate, "math") with { TraceId = $"{round:x16}{i:x16}", SpanId = $"{i:x16}" });
            results.Add(Result(round, $"code-{i}", random.NextDouble() >= codeFailRate, "code"));
        }

        return results;
    }

    [Fact]
    public void Process_MathCategoryDegrades_RaisesOneQualityFindingLocalisedToMathWithEvidence()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(1);
        var findings = new List<Finding>();
        for (int round = 1; round <= 150; round++)
        {
            double mathFail = round <= 60 ? 0.03 : 0.5;
            findings.AddRange(engine.Process([], Round(round, random, mathFail), T0.AddMinutes(round)).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKinds.QualityRegression, finding.Kind);
        Assert.Equal("bernoulli-cusum", finding.Detector);
        Assert.Equal("math", finding.Segment["category"]);
        Assert.Equal("smoke", finding.Series.Labels["suite"]);
        Assert.InRange(finding.Baseline.Value, 0.9, 1.0);
        Assert.True(finding.Current.Value < finding.Baseline.Value);
        Assert.True(finding.Current.High < finding.Baseline.High);
        Assert.True(finding.DetectedAt > T0.AddMinutes(60) && finding.DetectedAt < T0.AddMinutes(80), $"detected at {finding.DetectedAt}");
        Assert.True(finding.EstimatedStart <= finding.DetectedAt && finding.EstimatedStart >= T0.AddMinutes(55));
        Assert.True(finding.StatisticValue >= finding.Threshold);
        Assert.NotNull(finding.LikelihoodRatio);
        Assert.NotEmpty(finding.Examples);
        Assert.All(finding.Examples, e => Assert.Equal("42", e.Expected));
        Assert.Contains(finding.Examples, e => e.Actual == "41");
        // Each failing example points at its call's trace.
        Assert.All(finding.Examples.Where(e => e.Attributes["case_id"].StartsWith("math-", StringComparison.Ordinal)), e => Assert.Equal(32, e.Attributes["trace_id"].Length));
    }

    [Fact]
    public void CanaryEvidence_RisesPastOneHalfBeforeTheAlarm_AndIsZeroOnceTheIncidentIsOpen()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(1);
        double? evidenceWhenHalf = null;
        int? halfRound = null, alarmRound = null;
        var healthyMax = 0.0;
        for (int round = 1; round <= 150 && alarmRound is null; round++)
        {
            double mathFail = round <= 60 ? 0.03 : 0.5;
            var findings = engine.Process([], Round(round, random, mathFail), T0.AddMinutes(round)).Findings;
            var evidence = engine.CanaryEvidence("openai-prod", "gpt-x", "smoke");
            if (round is > 30 and <= 60)
            {
                healthyMax = Math.Max(healthyMax, evidence);
            }

            if (round > 60 && halfRound is null && evidence >= 0.5 && findings.Count == 0)
            {
                (halfRound, evidenceWhenHalf) = (round, evidence);
            }

            if (findings.Any(f => f.Kind == FindingKinds.QualityRegression))
            {
                alarmRound = round;
            }
        }

        Assert.True(healthyMax < 0.5, $"healthy evidence reached {healthyMax}");
        Assert.NotNull(alarmRound);
        Assert.True(halfRound < alarmRound, $"evidence passed one half at round {halfRound}, the alarm came at round {alarmRound}");
        Assert.InRange(evidenceWhenHalf!.Value, 0.5, 1);
        Assert.Equal(0, engine.CanaryEvidence("openai-prod", "gpt-x", "smoke"));
    }

    [Fact]
    public void Process_HealthyCanaries_NoFindingsAndSeriesReportedHealthy()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(2);
        DetectionResult? last = null;
        int findings = 0;
        for (int round = 1; round <= 200; round++)
        {
            last = engine.Process([], Round(round, random, 0.05), T0.AddMinutes(round));
            findings += last.Findings.Count;
        }

        Assert.Equal(0, findings);
        Assert.Contains(last!.HealthySeries, k => k.Labels.TryGetValue("suite", out var suite) && suite == "smoke");
    }

    [Fact]
    public void Restore_AfterAnAlarm_NeitherReAlarmsNorForgets()
    {
        var options = new DetectionEngineOptions();
        var engine = new DetectionEngine(options);
        var random = new Random(3);
        int round = 1;
        var findings = new List<Finding>();
        for (; round <= 120; round++)
        {
            findings.AddRange(engine.Process([], Round(round, random, round <= 60 ? 0.05 : 0.6), T0.AddMinutes(round)).Findings);
        }

        Assert.Single(findings);
        var bytes = engine.Snapshot().Bytes.ToArray();

        // A new process: restore, keep feeding the same degraded stream (plus the last round again, as a host might).
        var restarted = new DetectionEngine(options);
        restarted.Restore(DetectionStateSnapshot.FromBytes(bytes));
        var after = new List<Finding>();
        var healthy = new List<SeriesKey>();
        for (int r = round - 1; r <= 200; r++)
        {
            var result = restarted.Process([], Round(r, random, 0.6), T0.AddMinutes(r));
            after.AddRange(result.Findings);
            healthy.AddRange(result.HealthySeries);
        }

        Assert.Empty(after);
        Assert.DoesNotContain(healthy, k => k.Labels.ContainsKey("suite"));

        // A fresh engine without the snapshot would have to warm up again and would not know the open alarm.
        var fresh = new DetectionEngine(options);
        Assert.Empty(fresh.Process([], Round(999, random, 0.6), T0).Findings);
        Assert.Contains("\"OpenKinds\":[\"quality-regression\"]", restarted.Snapshot().ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_MidwayThroughADayOfTtftAndLatencyHistory_KeepsTheDriftWindowsAndTheOpenEpisode()
    {
        // A day and a half of history, a TTFT step, a restart, then a latency creep only the restored day-over-day
        // windows can see in time: the restored engine neither re-raises the TTFT drift nor needs another day.
        var options = new DetectionEngineOptions();
        var engine = new DetectionEngine(options);
        var random = new Random(18);
        var findings = new List<(int Minute, Finding F)>();
        double P50(int minute) => 0.8 * (1 + (0.6 * Math.Clamp((minute - 2000) / 600.0, 0, 1))) * (1 + (0.02 * SeriesNoise(random)));
        double Ttft(int minute) => (minute >= 1800 ? 0.5 : 0.25) * (1 + (0.02 * SeriesNoise(random)));
        for (int minute = 0; minute < 1900; minute++)
        {
            var bucket = Bucket(Key, minute, p50: P50(minute), ttft: Ttft(minute));
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings.Select(f => (minute, f)));
        }

        var (ttftAt, ttftDrift) = Assert.Single(findings);
        Assert.Equal("ttft-mann-whitney", ttftDrift.Detector);
        Assert.InRange(ttftAt, 1800, 1815);

        var restarted = new DetectionEngine(options);
        restarted.Restore(DetectionStateSnapshot.FromBytes(engine.Snapshot().Bytes.Span));
        var after = new List<(int Minute, Finding F)>();
        for (int minute = 1900; minute < 2800; minute++)
        {
            var bucket = Bucket(Key, minute, p50: P50(minute), ttft: Ttft(minute));
            after.AddRange(restarted.Process([bucket], [], bucket.Start).Findings.Select(f => (minute, f)));
        }

        // +60 % over 10 hours from minute 2000: the restored level-drift reference (a day of latency history) catches it
        // within hours, the restored TTFT episode is not raised again.
        var (creepAt, creep) = Assert.Single(after);
        Assert.Equal("latency-level-drift", creep.Detector);
        Assert.InRange(creepAt, 2000, 2180);
    }

    [Fact]
    public void Snapshot_FromBytesGarbage_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => DetectionStateSnapshot.FromBytes("not json"u8));
    }

    [Fact]
    public void Snapshot_IsCompressed_AtLeastTwofold_AndRestoresTheSameState()
    {
        // A day of latency and TTFT history: the windows that make a snapshot large.
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(5);
        for (int minute = 0; minute < 1600; minute++)
        {
            var bucket = Bucket(Key, minute, count: random.Next(20, 200), errors: random.Next(0, 3), p50: 0.8 * (1 + (0.02 * SeriesNoise(random))), ttft: 0.3 * (1 + (0.02 * SeriesNoise(random))), analysed: 20);
            engine.Process([bucket], [], bucket.Start);
        }

        var snapshot = engine.Snapshot();
        var bytes = snapshot.Bytes.ToArray();
        var json = snapshot.ToJson();

        Assert.Equal([0x1f, 0x8b], bytes[..2]);
        Assert.True(bytes.Length * 2 < System.Text.Encoding.UTF8.GetByteCount(json), $"{bytes.Length} compressed bytes for {json.Length} characters of JSON");
        var restored = new DetectionEngine(new DetectionEngineOptions());
        restored.Restore(DetectionStateSnapshot.FromBytes(bytes));
        Assert.Equal(json, restored.Snapshot().ToJson());
    }

    [Fact]
    public void Snapshot_SavedAsPlainJsonByAnEarlierVersion_StillRestores()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        engine.Process([Bucket(Key, 0, p50: 0.8)], [], T0);
        var json = engine.Snapshot().ToJson();

        var restored = new DetectionEngine(new DetectionEngineOptions());
        restored.Restore(DetectionStateSnapshot.FromBytes(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Equal(json, restored.Snapshot().ToJson());
    }

    [Fact]
    public void Snapshot_FromCorruptCompressedBytes_ThrowsInvalidData()
    {
        var bytes = new DetectionEngine(new DetectionEngineOptions()).Snapshot().Bytes.ToArray();
        var truncated = bytes[..(bytes.Length / 2)];
        var scrambled = bytes.ToArray();
        for (int i = 10; i < scrambled.Length - 8; i++)
        {
            scrambled[i] ^= 0x5a;
        }

        Assert.Throws<InvalidDataException>(() => DetectionStateSnapshot.FromBytes(truncated));
        Assert.Throws<InvalidDataException>(() => DetectionStateSnapshot.FromBytes(scrambled));
        Assert.Throws<InvalidDataException>(() => DetectionStateSnapshot.FromBytes(new byte[] { 0x1f, 0x8b }));
    }

    [Fact]
    public void Process_ErrorBurst_RaisesAvailabilityBurnRateFindingWithinMinutes()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions { AvailabilitySlo = 0.999 });
        var findings = new List<(int Minute, Finding F)>();
        for (int minute = 0; minute < 120; minute++)
        {
            var bucket = Bucket(Key, minute, count: 100, errors: minute >= 90 ? 20 : 0);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings.Select(f => (minute, f)));
        }

        var (at, finding) = Assert.Single(findings);
        Assert.Equal(FindingKinds.Availability, finding.Kind);
        // 20% errors burn a 99.9% budget 200×: the 1 h window reaches 14.4× after ≈ 4.3 min; with under 6 h of history the
        // 6 h / 30 min rule (6×) can fire a little earlier.
        Assert.InRange(at, 90, 96);
        Assert.True(finding.StatisticValue >= finding.Threshold);
        Assert.Contains(finding.Examples, e => e.Attributes["error_type"] == "503");
    }

    [Fact]
    public void Process_NightlyTrafficDipWithoutErrors_RaisesNothing()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(4);
        int findings = 0;
        for (int minute = 0; minute < 2 * 1440; minute++)
        {
            bool night = (minute % 1440) < 360;
            long count = night ? 5 : 100;
            double p50 = 0.5 + (0.02 * SeriesNoise(random));
            var bucket = Bucket(Key, minute, count: count, p50: p50);
            findings += engine.Process([bucket], [], bucket.Start).Findings.Count;
        }

        Assert.Equal(0, findings);
    }

    [Fact]
    public void Process_LatencyStep_RaisesLatencyDriftWithMannWhitneyEvidence()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(5);
        var findings = new List<(int Minute, Finding F)>();
        for (int minute = 0; minute < 200; minute++)
        {
            double p50 = (minute >= 150 ? 0.9 : 0.5) + (0.03 * SeriesNoise(random));
            var bucket = Bucket(Key, minute, p50: p50);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings.Select(f => (minute, f)));
        }

        var (at, finding) = Assert.Single(findings);
        Assert.Equal(FindingKinds.LatencyDrift, finding.Kind);
        Assert.InRange(at, 150, 165);
        Assert.NotNull(finding.PValue);
        Assert.True(finding.PValue < 0.001);
        Assert.InRange(finding.Baseline.Value, 0.45, 0.55);
        Assert.InRange(finding.Current.Value, 0.8, 1.0);
        Assert.True(finding.EstimatedStart >= T0.AddMinutes(148));
    }

    [Fact]
    public void Process_TimeToFirstTokenDriftsWhileTotalLatencyHolds_RaisesLatencyDriftWithEvidence()
    {
        // Prefill queueing: the first token arrives 250 ms later, the 3 s total grows by under 10 % (below the 1.25× rule).
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(11);
        var findings = new List<(int Minute, Finding F)>();
        for (int minute = 0; minute < 300; minute++)
        {
            double delay = minute >= 240 ? 0.25 : 0;
            double ttft = 0.2 + delay + (0.01 * SeriesNoise(random));
            double p50 = 3.0 + delay + (0.05 * SeriesNoise(random));
            var bucket = Bucket(Key, minute, p50: p50, ttft: ttft);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings.Select(f => (minute, f)));
        }

        var (at, finding) = Assert.Single(findings);
        Assert.Equal(FindingKinds.LatencyDrift, finding.Kind);
        Assert.Equal("ttft-mann-whitney", finding.Detector);
        Assert.InRange(at, 240, 255);
        Assert.True(finding.PValue < 0.001);
        Assert.Equal("Mann–Whitney p-value", finding.Statistic);
        Assert.Equal(finding.PValue, finding.StatisticValue);
        Assert.Equal("seconds", finding.Baseline.Unit);
        Assert.InRange(finding.Baseline.Value, 0.19, 0.21);
        Assert.True(finding.Baseline.Low < finding.Baseline.Value && finding.Baseline.Value < finding.Baseline.High);
        Assert.InRange(finding.Current.Value, 0.42, 0.48);
        Assert.True(finding.Current.Value > finding.Baseline.High);
        Assert.Equal(15, finding.Current.SampleSize);
        Assert.InRange(finding.EstimatedStart, T0.AddMinutes(240), T0.AddMinutes(242));
        Assert.Equal("openai-prod", finding.Segment["provider"]);
        Assert.Equal("gpt-x", finding.Segment["model"]);
        Assert.Contains("time to first token", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_OutputTokensPerCallHalveWithLengthFinishes_RaisesOutputLengthAndFinishReasonTruncation()
    {
        // A lowered max_tokens: answers halve in length and half of them stop at the limit.
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(12);
        var findings = new List<(int Minute, Finding F)>();
        for (int minute = 0; minute < 300; minute++)
        {
            bool cut = minute >= 240;
            double perCall = (cut ? 200 : 400) + (12 * SeriesNoise(random));
            var finish = cut
                ? new Dictionary<string, long> { ["stop"] = 50, ["length"] = 50 }
                : new Dictionary<string, long> { ["stop"] = 97, ["length"] = 3 };
            var bucket = Bucket(Key, minute, p50: 0.8 + (0.02 * SeriesNoise(random)), finish: finish, outputTokensPerCall: perCall);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings.Select(f => (minute, f)));
        }

        Assert.All(findings, f => Assert.Equal(FindingKinds.Truncation, f.F.Kind));
        var (at, length) = Assert.Single(findings, f => f.F.Detector == "output-length-mann-whitney");
        Assert.InRange(at, 240, 255);
        Assert.True(length.PValue < 0.001);
        Assert.Equal("output-tokens-per-call", length.Baseline.Unit);
        Assert.InRange(length.Baseline.Value, 390, 410);
        Assert.InRange(length.Current.Value, 190, 210);
        Assert.True(length.Current.Value < length.Baseline.Low);
        Assert.InRange(length.EstimatedStart, T0.AddMinutes(240), T0.AddMinutes(242));
        Assert.Contains(length.Examples, e => e.Attributes.GetValueOrDefault("length") == "50");
        var (finishAt, mix) = Assert.Single(findings, f => f.F.Detector == "finish-reason-chi2");
        Assert.InRange(finishAt, 240, 255);
        Assert.True(mix.Current.Low > mix.Baseline.High);
        Assert.Equal(2, findings.Count);
    }

    [Fact]
    public void Process_OutputLengthCollapsesWithoutLengthFinishes_StillRaisesTheOutputLengthFinding()
    {
        // Answers end early with finish_reason=stop (a terser model behind the name): only the length signal sees it.
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(13);
        var findings = new List<Finding>();
        for (int minute = 0; minute < 300; minute++)
        {
            double perCall = (minute >= 240 ? 180 : 400) + (12 * SeriesNoise(random));
            var bucket = Bucket(Key, minute, finish: new Dictionary<string, long> { ["stop"] = 98, ["length"] = 2 }, outputTokensPerCall: perCall);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.Equal("output-length-mann-whitney", finding.Detector);
        Assert.Equal(FindingKinds.Truncation, finding.Kind);
    }

    [Fact]
    public void Process_LatencyCreepsUpSlowlyOverADayWithADailyCycle_RaisesALevelDriftAboutThreeHoursIn()
    {
        // +100 % over 24 h from hour 54 under a ±15 % daily cycle: the first two days' shapes agree and become the
        // level-drift test's daily profile, so the cycle is silent and the creep stands out against the deseasonalised
        // reference.
        const int creepStart = 54 * 60;
        var findings = CreepUnderADailyCycle(new DetectionEngineOptions(), creepStart, days: 4);

        var (at, finding) = Assert.Single(findings);
        Assert.Equal(FindingKinds.LatencyDrift, finding.Kind);
        Assert.Equal("latency-level-drift", finding.Detector);
        // The practical rule is what binds on so quiet a series (±3 % noise): the recent level must be 1.10× a reference
        // that itself follows over half a day, which a creep of 100 % a day reaches a little under three hours in.
        Assert.InRange(at, creepStart + 60, creepStart + 200);
        Assert.True(finding.StatisticValue >= finding.Threshold);
        Assert.True(finding.Current.Value >= 1.10 * finding.Baseline.Value * 0.999);
        Assert.InRange(finding.EstimatedStart, T0.AddMinutes(creepStart - 60), T0.AddMinutes(at));
        Assert.Contains("after removing its daily profile", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_LatencyCreepsUpSlowlyOverADayWithADailyCycle_RaisesADayOverDayDriftTheRollingBaselineMisses()
    {
        // +100 % over 24 h from hour 30: the 4-hour rolling baseline follows along (never 1.25× behind), yesterday's
        // same hours do not; the ±15 % daily cycle cancels out day over day. The level-drift test is put out of reach
        // (ratio 10) so that this is the day-over-day comparison's verdict alone.
        const int creepStart = 30 * 60;
        var findings = CreepUnderADailyCycle(new DetectionEngineOptions { LevelDriftRatio = 10 }, creepStart, days: 3);

        var (at, finding) = Assert.Single(findings);
        Assert.Equal(FindingKinds.LatencyDrift, finding.Kind);
        Assert.Equal("latency-day-over-day", finding.Detector);
        Assert.InRange(at, creepStart + 120, creepStart + (12 * 60));
        Assert.True(finding.PValue < 0.001);
        Assert.True(finding.Current.Value >= 1.25 * finding.Baseline.Value);
        Assert.Equal(48, finding.Baseline.SampleSize);
        Assert.Equal(24, finding.Current.SampleSize);
        Assert.InRange(finding.EstimatedStart, T0.AddMinutes(creepStart - (6 * 60)), T0.AddMinutes(at));
        Assert.Contains("same hours yesterday", finding.Summary, StringComparison.Ordinal);
    }

    /// <summary>Median latency 0.8 s under a ±15 % daily cycle and ±3 % noise, rising by 100 % over the 24 h from
    /// <paramref name="creepStart"/>; every finding with the minute it was raised.</summary>
    private static List<(int Minute, Finding F)> CreepUnderADailyCycle(DetectionEngineOptions options, int creepStart, int days)
    {
        var engine = new DetectionEngine(options);
        var random = new Random(15);
        var findings = new List<(int Minute, Finding F)>();
        for (int minute = 0; minute < days * 1440; minute++)
        {
            double creep = 1 + Math.Clamp((minute - creepStart) / 1440.0, 0, 1);
            double p50 = 0.8 * creep * (1 + (0.15 * Math.Sin(2 * Math.PI * minute / 1440.0))) * (1 + (0.03 * SeriesNoise(random)));
            var bucket = Bucket(Key, minute, p50: p50);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings.Select(f => (minute, f)));
        }

        return findings;
    }

    [Fact]
    public void Process_ThreeDaysWithSparseNightsAndADailyCycle_RaisesNothing()
    {
        // Nights with a call in one minute out of four under a ±20 % daily cycle. The rolling comparison looks at the last
        // 15 minutes against the 240 before them (not 15 and 240 buckets, which reach back hours at night: with bucket
        // counts this raised four findings), and the day-over-day blocks follow the clock, so missing minutes do not slide
        // "yesterday" by hours.
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(17);
        var findings = new List<string>();
        int evaluated = 0;
        for (int minute = 0; minute < 3 * 1440; minute++)
        {
            bool night = (minute % 1440) < 480;
            if (night && minute % 4 != 0)
            {
                continue;
            }

            double cycle = 1 + (0.2 * Math.Sin(2 * Math.PI * minute / 1440.0));
            var bucket = Bucket(Key, minute, count: night ? 3 : 60, p50: 0.8 * cycle * (1 + (0.03 * SeriesNoise(random))), ttft: 0.25 * cycle * (1 + (0.03 * SeriesNoise(random))));
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings.Select(f => $"{minute}: {f.Detector} {f.Summary}"));
            evaluated++;
        }

        Assert.Empty(findings);
        Assert.Contains(engine.Scores, s => s.Detector == "latency-day-over-day");
        Assert.True(evaluated < 3 * 1440);
    }

    [Fact]
    public void Process_LatencyStepAfterADayOfHistory_IsReportedOnceByTheRollingComparison()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(16);
        var findings = new List<Finding>();
        for (int minute = 0; minute < (1440 + 600); minute++)
        {
            double p50 = (minute >= 1440 + 120 ? 1.0 : 0.5) + (0.02 * SeriesNoise(random));
            var bucket = Bucket(Key, minute, p50: p50);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.Equal("latency-mann-whitney", finding.Detector);
    }

    [Fact]
    public void Process_TwoHealthyDaysWithADailyCycleInTrafficLatencyTtftAndLength_RaisesNothing()
    {
        // Busy days and quiet nights: traffic ×10, latency, time to first token and answer length ±15 % over the day,
        // noisier per-minute values when few calls land in a minute, a steady 3 % of answers at the token limit.
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(14);
        int findings = 0;
        double maxScore = 0;
        for (int minute = 0; minute < 2 * 1440; minute++)
        {
            double phase = Math.Sin(2 * Math.PI * minute / 1440.0);
            long count = (long)Math.Round(110 + (90 * phase));
            double spread = 1 / Math.Sqrt(count);
            double p50 = 0.8 * (1 + (0.15 * phase)) * (1 + (0.3 * spread * SeriesNoise(random)));
            double ttft = 0.25 * (1 + (0.15 * phase)) * (1 + (0.3 * spread * SeriesNoise(random)));
            double perCall = 300 * (1 - (0.15 * phase)) * (1 + (0.5 * spread * SeriesNoise(random)));
            long length = Enumerable.Range(0, (int)count).Count(_ => random.NextDouble() < 0.03);
            var finish = new Dictionary<string, long> { ["stop"] = count - length, ["length"] = length };
            var bucket = Bucket(Key, minute, count: count, p50: p50, finish: finish, ttft: ttft, outputTokensPerCall: perCall);
            var result = engine.Process([bucket], [], bucket.Start);
            findings += result.Findings.Count;
            maxScore = Math.Max(maxScore, engine.Scores.Where(s => s.Detector is "ttft-mann-whitney" or "output-length-mann-whitney").Select(s => s.Value).DefaultIfEmpty(0).Max());
        }

        Assert.Equal(0, findings);
        Assert.True(maxScore > 0, "the TTFT and output-length signals were never evaluated");
    }

    [Fact]
    public void Process_UnexpectedScriptsAppear_RaisesOutputCorruption()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var findings = new List<Finding>();
        for (int minute = 0; minute < 100; minute++)
        {
            var bucket = Bucket(Key, minute, analysed: 50, unexpected: minute >= 80 ? 4 : (minute % 40 == 0 ? 1 : 0));
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKinds.OutputCorruption, finding.Kind);
        Assert.True(finding.Current.Value > finding.Baseline.High);
        Assert.Contains(finding.Examples, e => e.Attributes.ContainsKey("script_Thai"));
    }

    [Fact]
    public void Process_FinishReasonsShiftToLength_RaisesTruncation()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var findings = new List<Finding>();
        for (int minute = 0; minute < 100; minute++)
        {
            var finish = minute >= 80
                ? new Dictionary<string, long> { ["stop"] = 60, ["length"] = 40 }
                : new Dictionary<string, long> { ["stop"] = 97, ["length"] = 3 };
            var bucket = Bucket(Key, minute, finish: finish);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKinds.Truncation, finding.Kind);
        Assert.True(finding.PValue < 1e-6);
        Assert.True(finding.Current.Value > 0.1);
    }

    [Fact]
    public void Process_ManyTemperatureZeroAnswersChangeAtOnce_RaisesModelSwap()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var findings = new List<Finding>();
        for (int round = 1; round <= 5; round++)
        {
            bool swapped = round >= 4;
            var results = Enumerable.Range(0, 10)
                .Select(i => Result(round, $"case-{i}", true, answer: swapped && i < 8 ? $"The answer is {i}." : $"{i}", fingerprint: swapped ? "fp_b" : "fp_a"))
                .ToList();
            findings.AddRange(engine.Process([], results, T0.AddMinutes(round)).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKinds.ModelSwap, finding.Kind);
        Assert.Contains("fp_a → fp_b", finding.Summary, StringComparison.Ordinal);
        Assert.Contains(finding.Examples, e => e.Expected == "0" && e.Actual == "The answer is 0.");
    }

    [Fact]
    public void Process_SecondLatencyPopulationInOneRegion_RaisesRoutingAnomaly()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(6);
        var findings = new List<Finding>();
        for (int round = 1; round <= 40; round++)
        {
            var results = Enumerable.Range(0, 10).Select(i =>
            {
                bool misrouted = round > 30 && i % 2 == 0;
                double latency = (misrouted ? 1.6 : 0.5) + (0.03 * SeriesNoise(random));
                return Result(round, $"case-{i}", true, latencySeconds: latency, region: "us");
            }).ToList();
            findings.AddRange(engine.Process([], results, T0.AddMinutes(round)).Findings);
        }

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKinds.RoutingAnomaly, finding.Kind);
        Assert.Equal("us", finding.Segment["region"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_canary_round_sent_again_after_a_restore_is_counted_once_and_the_snapshot_keeps_each_seen_id_once(bool legacySnapshot)
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var random = new Random(8);
        var rounds = Enumerable.Range(1, 5).Select(r => Round(r, random, 0.05)).ToList();
        foreach (var round in rounds)
        {
            engine.Process([], round, T0.AddMinutes(round[0].Round));
        }

        string json = engine.Snapshot().ToJson();
        Assert.DoesNotContain("SeenCanaryResults", json, StringComparison.Ordinal);
        Assert.Contains("\"WarmupTotal\":100,", json, StringComparison.Ordinal);
        if (legacySnapshot)
        {
            // Snapshots written before 2026-12-03 also carried the ids as a set.
            json = json.Replace("\"SeenCanaryOrder\":", "\"SeenCanaryResults\":[\"an-old-id\"],\"SeenCanaryOrder\":", StringComparison.Ordinal);
        }

        var restarted = new DetectionEngine(new DetectionEngineOptions());
        restarted.Restore(DetectionStateSnapshot.FromBytes(System.Text.Encoding.UTF8.GetBytes(json)));
        restarted.Process([], rounds[^1], T0.AddMinutes(6));

        string after = restarted.Snapshot().ToJson();
        Assert.Contains("\"WarmupTotal\":100,", after, StringComparison.Ordinal);
        Assert.DoesNotContain("\"WarmupTotal\":120,", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_SameBucketSentTwice_IsCountedOnce()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var bucket = Bucket(Key, 0, count: 100, errors: 100);
        for (int i = 0; i < 30; i++)
        {
            engine.Process([bucket], [], bucket.Start);
        }

        var json = engine.Snapshot().ToJson();
        Assert.Contains("\"Count\":1,", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_AfterAPass_ReportsAnomalyScoresInUnitIntervalWithPrometheusLabels()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        for (int minute = 0; minute < 70; minute++)
        {
            engine.Process([Bucket(Key, minute, errors: minute > 60 ? 10 : 0)], [], T0.AddMinutes(minute));
        }

        using var meter = new Meter("QualityWatch.Detection.Tests." + Guid.NewGuid().ToString("N"));
        _ = new AnomalyScoreMetrics(engine, meter);
        var samples = new List<(double Value, Dictionary<string, string> Labels)>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "qualitywatch.anomaly_score")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, tags, _) => samples.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => (string)t.Value!))));
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Assert.NotEmpty(samples);
        Assert.All(samples, s =>
        {
            Assert.InRange(s.Value, 0, 1);
            Assert.Equal("openai-prod", s.Labels["gen_ai.provider.name"]);
            Assert.Equal("gpt-x", s.Labels["gen_ai.request.model"]);
        });
        Assert.Contains(samples, s => s.Labels["detector"] == "burn-rate" && s.Value == 1);
    }

    [Fact]
    public void Constructor_InvalidOption_NamesIt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DetectionEngine(new DetectionEngineOptions { AvailabilitySlo = 1.5 }));
        Assert.Equal("AvailabilitySlo", ex.ParamName);
        Assert.Equal("Detection", DetectionEngineOptions.SectionName);
    }

    private static double SeriesNoise(Random random) => TimeSeries.SeriesFixtures.Gaussian(random);
}
