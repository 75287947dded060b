using QualityWatch.Alerts.Apis;
using QualityWatch.Alerts.Pages;
using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Tests.Pages;

public sealed class RunbookLibraryTests
{
    [Fact]
    public void EveryKindAnIncidentCanHave_HasAShippedRunbook()
    {
        Assert.All(IncidentFilter.KnownKinds, kind => Assert.NotNull(RunbookLibrary.Find(kind)));
    }

    [Fact]
    public void MultivariateDrift_ChartsTheMedianLatencyOfItsSeries()
    {
        Assert.Contains(FindingKinds.MultivariateDrift, IncidentFilter.KnownKinds);
        Assert.Equal("median latency", ChartMeasure.For(FindingKinds.MultivariateDrift, "pca-drift").Name);
    }
}
