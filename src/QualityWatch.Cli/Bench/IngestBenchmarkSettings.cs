namespace QualityWatch.Cli.Bench;

/// <summary>
/// How long and how wide <c>bench ingest</c> pushes. With <paramref name="WithContent"/>, spans carry a prompt and a
/// completion (the collector derives content features from the completion); with <paramref name="StoreContent"/>,
/// the collector also stores both (<c>collector.content.store</c>). <paramref name="Rounds"/> repeats the whole run
/// (null endpoint, collector, in-process) and reports the median ratio: one round's ratio moves ±15 % with the
/// machine's other load. Each target first runs <paramref name="WarmupSeconds"/> unmeasured, so connections are open and
/// the hottest code is compiled before measuring (the JIT keeps optimising for longer: both targets speed up over
/// later rounds, their ratio does not move).
/// </summary>
internal sealed record IngestBenchmarkSettings(int Seconds, int Connections, int SpansPerRequest, bool WithContent = false, bool StoreContent = false, int Rounds = 1, int WarmupSeconds = 2);
