using Microsoft.Extensions.Configuration;

namespace QualityWatch.Configuration.Tests;

public sealed class QualityWatchConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_SnakeCaseYaml_BindsToPascalCaseKeys()
    {
        var path = Write("""
            providers:
              - name: openai-prod
                kind: openai
                api_key_env: OPENAI_API_KEY
            storage:
              provider: sqlite
            """);

        var configuration = QualityWatchConfiguration.Load(path);

        Assert.Equal("openai-prod", configuration["Providers:0:Name"]);
        Assert.Equal("OPENAI_API_KEY", configuration["Providers:0:ApiKeyEnv"]);
        Assert.Equal("sqlite", configuration["Storage:Provider"]);
    }

    [Fact]
    public void Load_EnvironmentVariable_OverridesFileValue()
    {
        var path = Write("storage:\n  provider: sqlite\n");
        Environment.SetEnvironmentVariable("QW__Storage__Path", "/tmp/override.db");
        try
        {
            var configuration = QualityWatchConfiguration.Load(path);
            Assert.Equal("/tmp/override.db", configuration["Storage:Path"]);
            Assert.Equal("sqlite", configuration["Storage:Provider"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("QW__Storage__Path", null);
        }
    }

    [Fact]
    public void Load_MissingFile_ThrowsOneLineError()
    {
        var ex = Assert.Throws<ConfigurationFileException>(() => QualityWatchConfiguration.Load(Path.Combine(_directory, "nope.yaml")));
        Assert.Contains("configuration file not found", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Load_InvalidYaml_NamesFileAndLine()
    {
        var path = Write("storage:\n  provider: [unclosed\n");

        var ex = Assert.Throws<ConfigurationFileException>(() => QualityWatchConfiguration.Load(path));

        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api_key_env", "ApiKeyEnv")]
    [InlineData("base-url", "BaseUrl")]
    [InlineData("model", "Model")]
    [InlineData("Already", "Already")]
    public void NormaliseKey_SnakeOrKebabCase_BecomesPascalCase(string key, string expected)
    {
        Assert.Equal(expected, YamlConfigurationProvider.NormaliseKey(key));
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_directory, "qualitywatch.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
