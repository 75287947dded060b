namespace QualityWatch.Collector.GenAi;

/// <summary>What ingestion does with one span.</summary>
internal enum SpanVerdict
{
    /// <summary>An LLM call: stored and counted.</summary>
    Accepted,

    /// <summary>Not an LLM span: accepted by the protocol but not stored.</summary>
    Ignored,

    /// <summary>
    /// A tool (function) execution traced with GenAI attributes (<c>gen_ai.operation.name = execute_tool</c>, as
    /// Semantic Kernel and Microsoft.Extensions.AI send for every function they invoke): no LLM call, so not stored
    /// as one; counted as <c>qualitywatch_ingest_spans_total{result="tool"}</c>.
    /// </summary>
    ToolExecution,

    /// <summary>Invalid or over a limit: reported in <c>partial_success</c>.</summary>
    Rejected,
}
