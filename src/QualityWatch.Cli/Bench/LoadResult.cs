namespace QualityWatch.Cli.Bench;

/// <summary>What one target sustained, and the CPU the whole process (client and server) spent on it.</summary>
internal sealed record LoadResult(string Target, long Spans, long Requests, long Failed, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds, long PeakWorkingSetBytes, TimeSpan Cpu)
{
    public double SpansPerSecond => Spans / Elapsed.TotalSeconds;

    /// <summary>Process CPU per request: unlike spans/s, it barely depends on what else the machine is running.</summary>
    public double CpuMillisecondsPerRequest => Requests == 0 ? 0 : Cpu.TotalMilliseconds / Requests;

    /// <summary>Cores the process kept busy on average.</summary>
    public double CoresUsed => Cpu / Elapsed;
}
