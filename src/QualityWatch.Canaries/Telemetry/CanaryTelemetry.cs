namespace QualityWatch.Canaries.Telemetry;

/// <summary>
/// The canary runner's traces: one GenAI client span per call, made by Microsoft.Extensions.AI's
/// <c>OpenTelemetryChatClient</c> in each provider's chain (<c>UseOpenTelemetry</c> with this source name) and carrying
/// the canary's identity, outcome and evaluation event. The library only starts activities; a host that exports them
/// (the CLI's <c>canary run --otlp-endpoint</c>, the demo, <c>serve</c> with <c>OTEL_*</c> set) attaches its own
/// OpenTelemetry SDK provider to <see cref="SourceName"/>.
/// </summary>
/// <remarks>
/// The telemetry layer also records the GenAI client metrics (<c>gen_ai.client.operation.duration</c>,
/// <c>gen_ai.client.token.usage</c>) on a meter of the same name. No host exports it: those are timed on the wall
/// clock, which is not the calls' in the demo's simulated time, and the collector, which counts calls from GenAI
/// metrics for applications that send no spans, already has each canary call from its span.
/// </remarks>
public static class CanaryTelemetry
{
    /// <summary>Name of the <see cref="System.Diagnostics.ActivitySource"/> canary spans come from (and of the telemetry layer's meter).</summary>
    public const string SourceName = "QualityWatch.Canaries";
}
