namespace QualityWatch.Simulator.Engine;

/// <summary>Which provider's wire protocol a call came in on: decides error status codes and finish-reason spelling.</summary>
internal enum WireProtocol
{
    OpenAi,
    Anthropic,
    Gemini,
}
