using Microsoft.Extensions.Configuration;

namespace QualityWatch.Configuration;

/// <summary>Adds a YAML file (qualitywatch.yaml) to an <see cref="IConfigurationBuilder"/>.</summary>
internal sealed class YamlConfigurationSource(string path, ConfigurationSchema? schema = null) : IConfigurationSource
{
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new YamlConfigurationProvider(Path, schema);
}
