using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace QualityWatch.Dashboards.Tests.Rules;

/// <summary>A Prometheus rule file (groups of recording and alerting rules), read with YamlDotNet.</summary>
internal sealed class PrometheusRuleFile
{
    public List<PrometheusRuleGroup> Groups { get; set; } = [];

    public IEnumerable<PrometheusRule> Rules => Groups.SelectMany(g => g.Rules);

    public IReadOnlySet<string> RecordedNames =>
        Rules.Where(r => r.Record is not null).Select(r => r.Record!).ToHashSet(StringComparer.Ordinal);

    public static PrometheusRuleFile Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        return deserializer.Deserialize<PrometheusRuleFile>(File.ReadAllText(path));
    }
}
