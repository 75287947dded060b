using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;
using static QualityWatch.Detection.Tests.Engine.EngineFixtures;

namespace QualityWatch.Detection.Tests.Engine;

/// <summary>
/// An engine that starts without state on a database with open alerts takes those episodes over: their series are
/// not reported healthy until the engine raises the kind itself or the alert is closed.
/// </summary>
public sealed class InheritedEpisodeTests
{
    private static readonly SeriesKey Key = SeriesKey.Of("openai", "gpt-x");

    private static bool Healthy(DetectionResult result) => result.HealthySeries.Any(k => k.Canonical == Key.Canonical);

    [Fact]
    public void AnInheritedEpisode_KeepsItsSeriesOutOfTheHealthyList_ThoughTheDataLooksNormal()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        Assert.Equal(1, engine.InheritOpenEpisodes([new OpenEpisode(Key.Canonical, FindingKinds.LatencyDrift)]));

        var healthy = Enumerable.Range(0, 120).Count(minute => Healthy(engine.Process([Bucket(Key, minute)], [], T0.AddMinutes(minute))));

        Assert.Equal(0, healthy);
    }

    [Fact]
    public void AnEpisodeClosedByAPerson_IsForgotten_AndTheSeriesIsHealthyAgain()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        engine.InheritOpenEpisodes([new OpenEpisode(Key.Canonical, FindingKinds.LatencyDrift), new OpenEpisode(Key.Canonical, FindingKinds.Truncation)]);

        engine.ForgetClosedEpisodes([new OpenEpisode(Key.Canonical, FindingKinds.Truncation)]);
        Assert.Equal([new OpenEpisode(Key.Canonical, FindingKinds.Truncation)], engine.InheritedEpisodes);
        Assert.False(Healthy(engine.Process([Bucket(Key, 0)], [], T0)));

        engine.ForgetClosedEpisodes([]);
        Assert.Empty(engine.InheritedEpisodes);
        Assert.True(Healthy(engine.Process([Bucket(Key, 1)], [], T0.AddMinutes(1))));
    }

    [Fact]
    public void AnInheritedEpisode_TheEngineRaisesItself_BecomesTheEnginesOwn()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        engine.InheritOpenEpisodes([new OpenEpisode(Key.Canonical, FindingKinds.Availability)]);

        // Healthy hours, then every call fails: the burn-rate signature raises availability on its own evidence.
        var findings = new List<Finding>();
        for (int minute = 0; minute < 240 && findings.Count == 0; minute++)
        {
            var bucket = Bucket(Key, minute, errors: minute >= 180 ? 100 : 0);
            findings.AddRange(engine.Process([bucket], [], bucket.Start).Findings);
        }

        Assert.Contains(findings, f => f.Kind == FindingKinds.Availability);
        Assert.Empty(engine.InheritedEpisodes);
    }

    [Fact]
    public void InheritedEpisodes_SurviveASnapshotAndRestore()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        engine.InheritOpenEpisodes([new OpenEpisode(Key.Canonical, FindingKinds.OutputCorruption)]);

        var restored = new DetectionEngine(new DetectionEngineOptions());
        restored.Restore(DetectionStateSnapshot.FromBytes(engine.Snapshot().Bytes.Span));

        Assert.Equal(engine.InheritedEpisodes, restored.InheritedEpisodes);
    }

    [Fact]
    public void AnEpisodeTheEngineAlreadyHolds_IsNotInherited()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        for (int minute = 0; minute < 240; minute++)
        {
            var bucket = Bucket(Key, minute, errors: minute >= 180 ? 100 : 0);
            engine.Process([bucket], [], bucket.Start);
        }

        Assert.Equal(0, engine.InheritOpenEpisodes([new OpenEpisode(Key.Canonical, FindingKinds.Availability)]));
        Assert.Empty(engine.InheritedEpisodes);
    }
}
