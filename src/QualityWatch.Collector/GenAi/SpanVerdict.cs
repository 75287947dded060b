namespace QualityWatch.Collector.GenAi;

/// <summary>What ingestion does with one span.</summary>
internal enum SpanVerdict
{
    /// <summary>An LLM call: stored and counted.</summary>
    Accepted,

    /// <summary>Not an LLM span: accepted by the protocol but not stored.</summary>
    Ignored,

    /// <summary>Invalid or over a limit: reported in <c>partial_success</c>.</summary>
    Rejected,
}
