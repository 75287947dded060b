using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace QualityWatch.Collector.Tests.Content;

public sealed class CallContentOptionsTests
{
    [Theory]
    [InlineData("Collector:Content:RetentionDays", "-1", "collector.content.retention_days")]
    [InlineData("Collector:Content:MaxCharactersPerMessage", "0", "collector.content.max_characters_per_message")]
    [InlineData("Collector:CardinalityRefreshSeconds", "-5", "collector.cardinality_refresh_seconds")]
    public async Task Start_OutOfRangeValue_FailsWithTheKeyInOneLine(string key, string value, string named)
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-content-options-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(directory, "qualitywatch.db"),
            [key] = value,
        }).Build();

        await using var app = CollectorApplication.Build(configuration);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.StartsWith(named, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
        Assert.False(Directory.Exists(directory), "validation happens before storage is opened");
    }
}
