namespace QualityWatch.Simulator.Engine;

/// <summary>What the engine needs from a chat call, whatever protocol it arrived on.</summary>
/// <param name="Protocol">Wire protocol of the call.</param>
/// <param name="Model">Requested model (already known to exist).</param>
/// <param name="Prompt">Last user message.</param>
/// <param name="InputCharacters">Characters of every message (for input tokens).</param>
/// <param name="MessageCount">Number of messages.</param>
/// <param name="UserKey">Sticky routing key (user id / session); null when the client sent none.</param>
/// <param name="Temperature">Requested temperature; null means the provider default (1).</param>
/// <param name="MaxTokens">Requested output token limit.</param>
/// <param name="ConnectionId">Transport connection, for auth outages that hit new connections only.</param>
internal sealed record SimulatedRequest(
    WireProtocol Protocol,
    string Model,
    string Prompt,
    int InputCharacters,
    int MessageCount,
    string? UserKey,
    double? Temperature,
    int? MaxTokens,
    string? ConnectionId);
