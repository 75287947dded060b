namespace QualityWatch.Simulator.Tests.Scenarios;

public sealed class ScenarioCatalogTests
{
    [Fact]
    public void All_ListsEveryScenarioNameOnceWithDescriptionAndIncident()
    {
        var constants = typeof(ScenarioNames).GetFields().Select(f => (string)f.GetValue(null)!).Order().ToArray();

        Assert.Equal(constants, ScenarioCatalog.Names.Order());
        Assert.All(ScenarioCatalog.All, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Description));
            Assert.False(string.IsNullOrWhiteSpace(s.Incident));
            Assert.DoesNotContain('\n', s.Description);
        });
    }

    [Theory]
    [InlineData(ScenarioNames.RoutingBug, "16%")]
    [InlineData(ScenarioNames.OutputCorruption, "Thai/Chinese")]
    [InlineData(ScenarioNames.TopKMiscompile, "top-k")]
    public void Incident_NamesTheAugustSeptember2025Incident(string name, string detail)
    {
        var incident = ScenarioCatalog.Get(name).Incident;

        Assert.Contains("Aug-Sep 2025", incident, StringComparison.Ordinal);
        Assert.Contains(detail, incident, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseList_NamesTimingAndModel_BuildsScenarioOptions()
    {
        var scenarios = ScenarioCatalog.ParseList("routing-bug@2h+24h:claude-sonnet-4, latency-drift,TRUNCATION@90m");

        Assert.Equal(3, scenarios.Count);
        Assert.Equal(ScenarioNames.RoutingBug, scenarios[0].Name);
        Assert.Equal(TimeSpan.FromHours(2), scenarios[0].StartAfter);
        Assert.Equal(TimeSpan.FromHours(24), scenarios[0].Duration);
        Assert.Equal("claude-sonnet-4", scenarios[0].Model);
        Assert.Equal(TimeSpan.Zero, scenarios[1].StartAfter);
        Assert.Null(scenarios[1].Duration);
        Assert.Null(scenarios[1].Model);
        Assert.Equal(ScenarioNames.Truncation, scenarios[2].Name);
        Assert.Equal(TimeSpan.FromMinutes(90), scenarios[2].StartAfter);
    }

    [Theory]
    [InlineData("meteor-strike", "unknown scenario 'meteor-strike'")]
    [InlineData("routing-bug@soon", "bad duration 'soon'")]
    [InlineData("routing-bug@1h+0h", "duration must be positive")]
    [InlineData("truncation:", "empty model")]
    [InlineData(" , ", "no scenario given")]
    public void ParseList_BadInput_ThrowsFormatExceptionWithOneLine(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => ScenarioCatalog.ParseList(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Validate_UnknownScenarioOrBadRange_ThrowsNamingTheOption()
    {
        var unknown = new SimulatorOptions { Scenarios = [new ScenarioOptions { Name = "nope" }] };
        var badScale = new SimulatorOptions { LatencyScale = -1 };
        var badAccuracy = new SimulatorOptions { Models = [new SimulatedModelOptions { Name = "m", DefaultAccuracy = 1.5 }] };
        var unknownTarget = new SimulatorOptions { Scenarios = [new ScenarioOptions { Name = ScenarioNames.Truncation, Model = "gpt-7" }] };

        Assert.Contains("unknown scenario 'nope'", Assert.Throws<ArgumentException>(unknown.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("LatencyScale", Assert.Throws<ArgumentException>(badScale.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("accuracy", Assert.Throws<ArgumentException>(badAccuracy.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("unknown model 'gpt-7'", Assert.Throws<ArgumentException>(unknownTarget.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultModels_IncludeTheFourModelsOtherComponentsUse()
    {
        var names = SimulatorOptions.DefaultModels().Select(m => m.Name);

        Assert.Equal(["claude-sonnet-4", "gemini-2.5-flash", "gpt-4.1", "gpt-4o-mini"], names.Order());
    }
}
