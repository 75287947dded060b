namespace QualityWatch.Configuration.Tests;

public sealed class ConfigurationSchemaTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-schema-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ConfigurationSchema Schema() => new ConfigurationSchema()
        .Add("Collector", typeof(SampleCollectorOptions))
        .Add("Providers", typeof(List<SampleProviderOptions>))
        .Add("Storage", typeof(SampleStorageOptions))
        .Add("Storage:Telemetry", typeof(SampleTelemetryOptions))
        .Check<SampleCollectorOptions>("Collector", o => o.Validate())
        .CheckEach<SampleProviderOptions>("Providers", o => o.Validate());

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

    [Fact]
    public void Load_AValueItsOptionsClassRefuses_NamesTheLineOfThatKey()
    {
        var path = Write("collector:\n  enabled: true\n  http_port: 70000\n");

        var error = Assert.Throws<ConfigurationFileException>(() => QualityWatchConfiguration.Load(path, Schema()));

        Assert.Equal($"{path}:3:3: 'collector.http_port': Collector.HttpPort must be in [0, 65535].", error.Message);
    }

    [Fact]
    public void Load_AListItemItsOptionsClassRefuses_NamesTheItemAndKeyFromTheMessage()
    {
        var path = Write("providers:\n  - name: a\n    budget: 1\n  - name: b\n    kind: x\n    budget: -3\n");

        var error = Assert.Throws<ConfigurationFileException>(() => QualityWatchConfiguration.Load(path, Schema()));

        Assert.Equal($"{path}:6:5: 'providers[1].budget': provider b: budget must not be negative", error.Message);
    }

    [Fact]
    public void Load_ARefusedValueThatIsNotSetAnywhere_NamesTheSection()
    {
        var path = Write("collector:\n  enabled: false\n");

        var error = Assert.Throws<ConfigurationFileException>(() => QualityWatchConfiguration.Load(path, Schema()));

        Assert.Equal($"{path}:1:1: 'collector': a disabled collector needs a body limit", error.Message);
    }

    [Fact]
    public void EnvironmentOverrides_AMisspeltVariable_IsRefusedWithTheClosestKey()
    {
        var variables = new Dictionary<string, string> { ["QW__Collector__HttpPrt"] = "4318", ["PATH"] = "/bin" };

        var error = Assert.Throws<ConfigurationFileException>(() => EnvironmentOverrides.Check(Schema(), variables));

        Assert.Equal("environment variable QW__Collector__HttpPrt: unknown key 'Collector:HttpPrt' (did you mean 'HttpPort'?)", error.Message);
    }

    [Theory]
    [InlineData("QW__Colector__HttpPort", "4318", "environment variable QW__Colector__HttpPort: unknown key 'Colector' (did you mean 'Collector'?)")]
    [InlineData("QW__Collector__HttpPort", "lots", "environment variable QW__Collector__HttpPort: 'lots' is not a whole number")]
    [InlineData("QW__Providers__0__Budgt", "3", "environment variable QW__Providers__0__Budgt: unknown key 'Providers:0:Budgt' (did you mean 'Budget'?)")]
    public void EnvironmentOverrides_AnUnknownKeyOrAWrongValue_IsRefusedNamingTheVariable(string name, string value, string expected)
    {
        var error = Assert.Throws<ConfigurationFileException>(() => EnvironmentOverrides.Check(Schema(), new Dictionary<string, string> { [name] = value }));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void EnvironmentOverrides_KnownKeysInAnyCase_DictionaryKeysAndListItems_AreAccepted()
    {
        var variables = new Dictionary<string, string>
        {
            ["QW__COLLECTOR__HTTPPORT"] = "4318",
            ["QW__Collector__ExtraLabels__service"] = "service.name",
            ["QW__Providers__2__Name"] = "openai-prod",
            ["QW__Storage__Telemetry__FlushMs"] = "5",
        };

        EnvironmentOverrides.Check(Schema(), variables);
    }

    [Fact]
    public void Load_AValueOutOfRangeFromTheEnvironment_NamesTheVariable()
    {
        var path = Write("collector:\n  http_port: 4318\n");
        Environment.SetEnvironmentVariable("QW__Collector__HttpPort", "99999");
        try
        {
            var error = Assert.Throws<ConfigurationFileException>(() => QualityWatchConfiguration.Load(path, Schema()));

            Assert.Equal("environment variable QW__Collector__HttpPort: Collector.HttpPort must be in [0, 65535].", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("QW__Collector__HttpPort", null);
        }
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

        public bool? Enabled { get; set; }

        public Dictionary<string, string> ExtraLabels { get; set; } = [];

        public SampleLimits Limits { get; set; } = new();

        public void Validate()
        {
            if (HttpPort is < 0 or > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(HttpPort), HttpPort, "Collector.HttpPort must be in [0, 65535].");
            }

            if (Enabled == false && Limits.MaxBodyBytes == 0)
            {
                throw new InvalidOperationException("a disabled collector needs a body limit");
            }
        }
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

        public void Validate()
        {
            if (Budget < 0)
            {
                throw new InvalidOperationException($"provider {Name}: budget must not be negative");
            }
        }
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
