namespace QualityWatch.Cli.Bench;

/// <summary>How long and how wide <c>bench ingest</c> pushes.</summary>
internal sealed record IngestBenchmarkSettings(int Seconds, int Connections, int SpansPerRequest);
