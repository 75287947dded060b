namespace QualityWatch.Cli.Bench;

/// <summary>
/// How long and how wide <c>bench ingest</c> pushes. With <paramref name="WithContent"/>, spans carry a prompt and a
/// completion (the collector derives content features from the completion); with <paramref name="StoreContent"/>,
/// the collector also stores both (<c>collector.content.store</c>).
/// </summary>
internal sealed record IngestBenchmarkSettings(int Seconds, int Connections, int SpansPerRequest, bool WithContent = false, bool StoreContent = false);
