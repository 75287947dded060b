namespace QualityWatch.Collector.Tests.Producers;

/// <summary>
/// Semantic Kernel's and Microsoft.Extensions.AI's activity sources and meters are process-wide: a tracer or meter
/// provider in one test would also export another test's calls, so the tests of real producers run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProducerCollection
{
    public const string Name = "Real GenAI producers";
}
