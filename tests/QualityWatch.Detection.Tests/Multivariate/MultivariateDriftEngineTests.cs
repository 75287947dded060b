using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;
using Xunit.Abstractions;

namespace QualityWatch.Detection.Tests.Multivariate;

public sealed class MultivariateDriftEngineTests(ITestOutputHelper output)
{
    private const int Hour = 60;
    private const int FaultMinute = 84 * Hour;

    private static DetectionEngineOptions On => new() { MultivariateDrift = true };

    /// <summary>
    /// The engine's joint shift: latency and TTFT +5 %, output tokens per call −6 %, errors 0.1 % → 0.3 %, length
    /// finishes 2 % → 3 % on one series, from hour 84 (three and a half days: a day to learn each series' cycle, two to
    /// calibrate its scores). +5 % rather than the detector tests' +6 %: the level-drift test must stay silent on latency.
    /// </summary>
    private static FleetTelemetry Faulted(int seed) => new(seed) { Fault = new FleetTelemetry.Shift(1, FaultMinute, 1.05, 0.94, 3, 1.5) };

    private static List<Finding> Run(DetectionEngine engine, FleetTelemetry fleet, int from, int to)
    {
        var findings = new List<Finding>();
        for (int minute = from; minute < to; minute++)
        {
            var buckets = fleet.Minute(minute);
            findings.AddRange(engine.Process(buckets, [], buckets[0].Start).Findings);
        }

        return findings;
    }

    [Fact]
    public void Process_FiveHealthyDaysOfAFleetWithDailyCycles_RaisesNothingWithTheMultivariateTestOn()
    {
        var engine = new DetectionEngine(On);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var findings = Run(engine, new FleetTelemetry(21), 0, 5 * 24 * Hour);

        output.WriteLine($"{5 * 24 * Hour} passes of 4 buckets: {watch.Elapsed.TotalMilliseconds * 1000 / (5 * 24 * Hour):F0} µs a pass");
        Assert.Empty(findings.Select(f => $"{f.DetectedAt:dd HH:mm} {f.Detector}: {f.Summary}"));
        Assert.Equal(4, engine.Scores.Count(s => s.Detector == "pca-drift"));
        Assert.Contains("\"Trainings\":4", engine.Snapshot().ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Process_AJointShiftNoSingleSignalReports_IsOneMultivariateDriftFindingWithinFourHoursNamingTheShiftedFeatures()
    {
        var engine = new DetectionEngine(On);

        var findings = Run(engine, Faulted(22), 0, FaultMinute + (16 * Hour));

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKinds.MultivariateDrift, finding.Kind);
        Assert.Equal("pca-drift", finding.Detector);
        Assert.Equal(FleetTelemetry.Key(1), finding.Series);
        var delay = finding.DetectedAt - FleetTelemetry.T0.AddMinutes(FaultMinute);
        output.WriteLine($"found after {delay}; {finding.Summary}");
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromHours(4));
        Assert.InRange(finding.EstimatedStart, FleetTelemetry.T0.AddMinutes(FaultMinute - Hour), finding.DetectedAt);
        Assert.True(finding.StatisticValue >= finding.Threshold);
        Assert.True(finding.Current.Value > finding.Baseline.High, $"score {finding.Current.Value} vs healthy {finding.Baseline}");
        Assert.Equal("pca-reconstruction-error", finding.Current.Unit);

        // The features named are among those shifted, output length first among them, each with its value and unit.
        string[] shifted = ["median latency", "median time to first token", "output tokens per call", "error share", "length finish share"];
        Assert.NotEmpty(finding.Examples);
        Assert.All(finding.Examples, e => Assert.Contains(e.Attributes["feature"], shifted));
        var tokens = Assert.Single(finding.Examples, e => e.Attributes["feature"] == "output tokens per call");
        Assert.Equal("tokens", tokens.Attributes["unit"]);
        double current = double.Parse(tokens.Attributes["current"], System.Globalization.CultureInfo.InvariantCulture);
        double baseline = double.Parse(tokens.Attributes["baseline"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(current / baseline, 0.90, 0.98);
        Assert.Contains("output tokens per call", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_AJointShiftWithLatencyUpFifteenPercent_IsReportedByTheLatencySignalAndNotAgainAsMultivariate()
    {
        // Issue #18's example, latency +15 % with output length −15 %: latency alone passes its level-drift ratio (×1.10),
        // so the latency finding names the fault and the multivariate test stays out of the incident.
        var fleet = new FleetTelemetry(22) { Fault = new FleetTelemetry.Shift(1, FaultMinute, 1.15, 0.85, 3, 1.5) };

        var findings = Run(new DetectionEngine(On), fleet, 0, FaultMinute + (16 * Hour));

        output.WriteLine(string.Join(Environment.NewLine, findings.Select(f => $"{f.DetectedAt - FleetTelemetry.T0.AddMinutes(FaultMinute)} {f.Detector}: {f.Summary}")));
        Assert.Contains(findings, f => f.Kind == FindingKinds.LatencyDrift && f.Series == FleetTelemetry.Key(1));
        Assert.DoesNotContain(findings, f => f.Detector == "pca-drift");
        Assert.All(findings, f => Assert.Equal(FleetTelemetry.Key(1), f.Series));
    }

    [Fact]
    public void Process_ATruncationReportedInTheSamePassAsAMultivariateAlarm_IsTheOneFindingOfTheIncident()
    {
        // Where the joint shift alarms (minute m, the first of an hour), the same pass also carries a quarter-hour in which
        // half the answers of that series stop at `length`: the finish-reason test's finding (decided at the end of the
        // pass) names the fault, and the multivariate alarm of the same pass is dropped, its episode not kept open.
        var fleet = Faulted(22);
        var minutes = Enumerable.Range(0, FaultMinute + (8 * Hour)).Select(fleet.Minute).ToList();
        var first = new DetectionEngine(On);
        int alarmMinute = -1;
        for (int minute = 0; minute < minutes.Count && alarmMinute < 0; minute++)
        {
            if (first.Process(minutes[minute], [], minutes[minute][0].Start).Findings.Any(f => f.Detector == "pca-drift"))
            {
                alarmMinute = minute;
            }
        }

        Assert.True(alarmMinute > FaultMinute, $"no multivariate alarm ({alarmMinute})");
        var engine = new DetectionEngine(On);
        for (int minute = 0; minute < alarmMinute - 14; minute++)
        {
            Assert.Empty(engine.Process(minutes[minute], [], minutes[minute][0].Start).Findings);
        }

        var pass = minutes.Skip(alarmMinute - 14).Take(15)
            .SelectMany(buckets => buckets.Select(b => b.Key == FleetTelemetry.Key(1) ? Truncated(b) : b))
            .ToList();
        var findings = engine.Process(pass, [], pass[^1].Start).Findings;

        Assert.Contains(findings, f => f.Detector == "finish-reason-chi2" && f.Series == FleetTelemetry.Key(1));
        Assert.DoesNotContain(findings, f => f.Detector == "pca-drift");
        Assert.DoesNotContain("\"multivariate-drift\"", engine.Snapshot().ToJson(), StringComparison.Ordinal);
    }

    private static SeriesBucket Truncated(SeriesBucket bucket)
    {
        long answered = bucket.Count - bucket.Errors;
        return bucket with { FinishReasons = new Dictionary<string, long> { ["stop"] = answered - (answered / 2), ["length"] = answered / 2 } };
    }

    [Fact]
    public void Process_ASeriesThatNeverVaries_TrainsNoModelAndStillSnapshots()
    {
        // Nothing varies, so ML.NET finds no subspace (its eigenvectors would be NaN): no model, no score, no failure.
        var engine = new DetectionEngine(On);
        var key = FleetTelemetry.Key(0);

        for (int minute = 0; minute < 3 * 24 * Hour; minute++)
        {
            var bucket = Engine.EngineFixtures.Bucket(key, minute);
            Assert.Empty(engine.Process([bucket], [], bucket.Start).Findings);
        }

        string json = engine.Snapshot().ToJson();
        Assert.Contains("\"Model\":null", json, StringComparison.Ordinal);
        Assert.DoesNotContain(engine.Scores, s => s.Detector == "pca-drift");
    }

    [Fact]
    public void Process_WithTheTestOn_CostsAboutWhatItCostsOff()
    {
        // Measurement for the docs: the same two days of four series through an engine with the test off, then on.
        var fleet = new FleetTelemetry(24);
        var minutes = Enumerable.Range(0, 2 * 24 * Hour).Select(fleet.Minute).ToList();
        double PerPass(DetectionEngineOptions options)
        {
            var engine = new DetectionEngine(options);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            foreach (var buckets in minutes)
            {
                engine.Process(buckets, [], buckets[0].Start);
            }

            return watch.Elapsed.TotalMilliseconds * 1000 / minutes.Count;
        }

        PerPass(new DetectionEngineOptions()); // JIT
        double off = PerPass(new DetectionEngineOptions());
        double on = PerPass(On);

        output.WriteLine($"a pass of 4 buckets: {off:F0} µs off, {on:F0} µs on");
        Assert.True(on < 2 * off, $"{on:F0} µs on, {off:F0} µs off");
    }

    [Fact]
    public void Process_TheSameJointShiftWithDefaultOptions_RaisesNothingAndKeepsNoMultivariateState()
    {
        // Off by default, and the proof that no single signal's own test reports this shift.
        var engine = new DetectionEngine(new DetectionEngineOptions());

        var findings = Run(engine, Faulted(22), 0, FaultMinute + (16 * Hour));

        Assert.Empty(findings.Select(f => $"{f.DetectedAt:dd HH:mm} {f.Detector}: {f.Summary}"));
        Assert.DoesNotContain(engine.Scores, s => s.Detector == "pca-drift");
        string json = engine.Snapshot().ToJson();
        Assert.DoesNotContain("HealthyVectors", json, StringComparison.Ordinal);
        Assert.Equal(4 + 1, json.Split("\"Multivariate\":null").Length - 1);
    }

    [Fact]
    public void Restore_MidwayThroughAFaultedFleet_ContinuesExactlyAsTheEngineThatWasNotRestarted()
    {
        var fleet = Faulted(23);
        var running = new DetectionEngine(On);
        Assert.Empty(Run(running, fleet, 0, FaultMinute - (2 * Hour) + 17));

        // Mid-hour, with a trained model, calibrated series and half-summed hours.
        var saved = running.Snapshot();
        var restored = new DetectionEngine(On);
        restored.Restore(RoundTrip(saved));
        var findings = (Running: new List<Finding>(), Restored: new List<Finding>());
        for (int minute = FaultMinute - (2 * Hour) + 17; minute < FaultMinute + (12 * Hour); minute++)
        {
            var buckets = fleet.Minute(minute);
            findings.Running.AddRange(running.Process(buckets, [], buckets[0].Start).Findings);
            findings.Restored.AddRange(restored.Process(buckets, [], buckets[0].Start).Findings);
        }

        var finding = Assert.Single(findings.Restored);
        Assert.Equal("pca-drift", finding.Detector);
        Assert.Equal(findings.Running.Select(f => (f.Detector, f.DetectedAt, f.StatisticValue, f.Summary)), findings.Restored.Select(f => (f.Detector, f.DetectedAt, f.StatisticValue, f.Summary)));
        Assert.Equal(running.Snapshot().ToJson(), restored.Snapshot().ToJson());
    }

    /// <summary>Through the bytes a store keeps (gzip JSON), as <c>serve</c> does across a restart.</summary>
    private static DetectionStateSnapshot RoundTrip(DetectionStateSnapshot snapshot) => DetectionStateSnapshot.FromBytes(snapshot.Bytes.Span);
}
