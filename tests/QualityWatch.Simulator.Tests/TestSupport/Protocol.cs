namespace QualityWatch.Simulator.Tests.TestSupport;

/// <summary>How a scenario test reaches the simulator: the official OpenAI SDK, the official Anthropic SDK, or plain HTTP for Gemini.</summary>
public enum Protocol
{
    OpenAiSdk,
    AnthropicSdk,
    GeminiHttp,
}
