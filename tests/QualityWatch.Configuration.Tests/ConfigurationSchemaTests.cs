namespace QualityWatch.Configuration.Tests;

public sealed class ConfigurationSchemaTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-schema-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ConfigurationSchema Schema() => new ConfigurationSchema()
        .Add("Collector", typeof(SampleCollectorOptions))
        .Add("Providers", typeof(List<SampleProviderOptions>))
        .Add("Storage", typeof(SampleStorageOptions))
        .Add("Storage:Telemetry", typeof(SampleTelemetryOptions));

    [Fact]
    public void Load_AMisspeltKey_NamesFileLineKeyAndTheClosestKnownKey()
    {
        var path = Write("collector:\n  http_port: 4318\n  http_prot: 4318\n");

        var error = Assert.Throws<ConfigurationFileException>(() => QualityWatchConfiguration.Load(path, Schema()));

        Assert.Equal($"{path}:3:3: unknown key 'collector.http_prot' (did you mean 'http_port'?)", error.Message);
    }

    [Fact]
    public void Load_AnUnknownSection_IsRefusedWithTheClosestSection()
    {
        var path = Write("colector:\n  http_port: 4318\n");

        var error = Assert.Throws<ConfigurationFileException>(() => QualityWatchConfiguration.Load(path, Schema()));

        Assert.Contains("1:1: unknown key 'colector' (did you mean 'collector'?)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("collector:\n  http_port: lots\n", "2:14: 'collector.http_port': 'lots' is not a whole number")]
    [InlineData("collector:\n  enabled: maybe\n", "2:12: 'collector.enabled': 'maybe' is not true or false")]
    [InlineData("collector:\n  extra_labels: service\n", "2:17: 'collector.extra_labels': expects a mapping")]
    [InlineData("providers:\n  - name: a\n    kind: openai\n    budgt: 3\n", "4:5: unknown key 'providers[0].budgt' (did you mean 'budget'?)")]
    public void Load_AValueOfTheWrongShape_IsRefusedNamingLineAndKey(string yaml, string expected)
    {
        var path = Write(yaml);

        var error = Assert.Throws<ConfigurationFileException>(() => QualityWatchConfiguration.Load(path, Schema()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DictionaryKeys_KeepTheirCaseAndUnderscores()
    {
        var path = Write("collector:\n  extra_labels:\n    service: service.name\n    deployment_env: deployment.environment\n");

        var configuration = QualityWatchConfiguration.Load(path, Schema());

        Assert.Equal("service.name", configuration["Collector:ExtraLabels:service"]);
        Assert.Equal(["deployment_env", "service"], configuration.GetSection("Collector:ExtraLabels").GetChildren().Select(c => c.Key).Order());
    }

    [Fact]
    public void Load_ASubSectionBoundByItsOwnClass_IsKnown()
    {
        var path = Write("storage:\n  path: qw.db\n  telemetry:\n    flush_ms: 5\n");

        var configuration = QualityWatchConfiguration.Load(path, Schema());

        Assert.Equal("5", configuration["Storage:Telemetry:FlushMs"]);
    }

    [Fact]
    public void Load_NullsEmptyListsAndNestedObjects_AreAccepted()
    {
        var path = Write("providers: []\ncollector:\n  http_port: ~\n  limits:\n    max_body_bytes: 1024\n");

        var configuration = QualityWatchConfiguration.Load(path, Schema());

        Assert.Equal("1024", configuration["Collector:Limits:MaxBodyBytes"]);
    }

    private string Write(string content)
    {
        var path = Path.Combine(_directory, "qualitywatch.yaml");
        File.WriteAllText(path, content);
        return path;
    }

    internal sealed class SampleCollectorOptions
    {
        public int HttpPort { get; set; }

        public bool Enabled { get; set; }

        public Dictionary<string, string> ExtraLabels { get; set; } = [];

        public SampleLimits Limits { get; set; } = new();
    }

    internal sealed class SampleLimits
    {
        public long MaxBodyBytes { get; set; }
    }

    internal sealed class SampleProviderOptions
    {
        public string Name { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public double? Budget { get; set; }
    }

    internal sealed class SampleStorageOptions
    {
        public string Path { get; set; } = string.Empty;
    }

    internal sealed class SampleTelemetryOptions
    {
        public int FlushMs { get; set; }
    }
}
