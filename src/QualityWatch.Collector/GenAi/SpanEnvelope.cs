namespace QualityWatch.Collector.GenAi;

/// <summary>What the mapping needs of a span besides its attributes, read by either decoder.</summary>
/// <param name="NameIsInvalidUtf8">The span name decodes with U+FFFD (invalid UTF-8).</param>
/// <param name="StartTimeUnixNano">Start time, 0 when absent.</param>
/// <param name="EndTimeUnixNano">End time, 0 when absent.</param>
/// <param name="StatusIsError">The span status code is ERROR.</param>
/// <param name="EvaluationsPassed">Passed <c>gen_ai.evaluation.result</c> events.</param>
/// <param name="Evaluations">All <c>gen_ai.evaluation.result</c> events with a verdict.</param>
/// <param name="Output">What output events (<see cref="OutputEvents"/>) carried; null when the span had none.</param>
/// <param name="StatusMessage">The status message (it may name the HTTP status of an exception, see <see cref="ErrorTypes"/>).</param>
/// <param name="Reference">The span's trace and span id, when both are valid.</param>
internal readonly record struct SpanEnvelope(bool NameIsInvalidUtf8, ulong StartTimeUnixNano, ulong EndTimeUnixNano, bool StatusIsError, int EvaluationsPassed, int Evaluations, OutputEvents? Output = null, string? StatusMessage = null, QualityWatch.Core.Telemetry.CallReference? Reference = null);
