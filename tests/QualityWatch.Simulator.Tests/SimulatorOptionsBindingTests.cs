using Microsoft.Extensions.Configuration;

namespace QualityWatch.Simulator.Tests;

public sealed class SimulatorOptionsBindingTests
{
    [Fact]
    public void Bind_SimulatorSection_ReadsModelsScenariosTimingAndParameters()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Seed"] = "11",
            ["Simulator:Speed"] = "2880",
            ["Simulator:LatencyScale"] = "0.01",
            ["Simulator:Models:0:Name"] = "claude-sonnet-4",
            ["Simulator:Models:0:Provider"] = "anthropic",
            ["Simulator:Models:0:Accuracy:long-context"] = "0.9",
            ["Simulator:Models:0:Fingerprint"] = "fp_custom",
            ["Simulator:Scenarios:0:Name"] = "routing-bug",
            ["Simulator:Scenarios:0:Model"] = "claude-sonnet-4",
            ["Simulator:Scenarios:0:StartAfter"] = "02:00:00",
            ["Simulator:Scenarios:0:Duration"] = "1.00:00:00",
            ["Simulator:Scenarios:0:Parameters:EndShare"] = "0.2",
        }).Build();

        var options = new SimulatorOptions();
        configuration.GetSection(SimulatorOptions.SectionName).Bind(options);
        options.Validate();

        Assert.Equal(11, options.Seed);
        Assert.Equal(2880, options.Speed);
        var model = Assert.Single(options.Models);
        Assert.Equal(0.9, model.AccuracyFor("Long-Context"));
        Assert.Equal(0.95, model.AccuracyFor("arithmetic"));
        var scenario = Assert.Single(options.Scenarios);
        Assert.Equal(TimeSpan.FromHours(2), scenario.StartAfter);
        Assert.Equal(TimeSpan.FromDays(1), scenario.Duration);
        Assert.Equal(0.2, scenario.Parameter("endshare", 0.16));
        Assert.Equal(0.008, scenario.Parameter("StartShare", 0.008));
    }
}
