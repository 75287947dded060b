using System.Text.Json;
using QualityWatch.Collector.Otlp.Proto.Common;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// The output text and finish reason that producers put in span events rather than span attributes: Semantic Kernel's
/// <c>gen_ai.choice</c> event (attribute <c>gen_ai.event.content</c>, a JSON choice <c>{"message":{"content":…},
/// "finish_reason":"Stop"}</c>), the older <c>gen_ai.content.completion</c> event (attribute <c>gen_ai.completion</c>,
/// plain text or a JSON array of messages) and <c>gen_ai.choice</c> events with flat <c>message</c>/<c>content</c>
/// and <c>finish_reason</c> attributes. Read the same way from decoded and encoded spans; the first choice wins.
/// </summary>
internal sealed class OutputEvents
{
    public const string ChoiceEvent = "gen_ai.choice";
    public const string CompletionEvent = "gen_ai.content.completion";

    /// <summary>The assistant text of the first output event that had one.</summary>
    public string? Text { get; private set; }

    /// <summary>The raw finish reason of the first output event that had one (see <see cref="FinishReasons"/>).</summary>
    public string? FinishReason { get; private set; }

    public static bool IsOutputEvent(string name) => name is ChoiceEvent or CompletionEvent;

    public static bool IsOutputEvent(ReadOnlySpan<byte> name) => name.SequenceEqual("gen_ai.choice"u8) || name.SequenceEqual("gen_ai.content.completion"u8);

    /// <summary>Reads one attribute of an output event named <paramref name="eventName"/>.</summary>
    public void Read(string eventName, string key, AnyValue? value)
    {
        switch (key)
        {
            case "gen_ai.event.content" or "gen_ai.completion" when GenAiSpanMapper.AsString(value) is { } text:
                ReadContent(text, isJson: key == "gen_ai.event.content" || eventName == ChoiceEvent);
                break;
            case "message" or "content" or "message.content" when eventName == ChoiceEvent && GenAiSpanMapper.AsString(value) is { } text:
                Text ??= text;
                break;
            case "finish_reason" when eventName == ChoiceEvent:
                FinishReason ??= GenAiSpanMapper.AsString(value);
                break;
            default:
                break;
        }
    }

    private void ReadContent(string content, bool isJson)
    {
        var trimmed = content.AsSpan().TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            // gen_ai.completion may be the text itself.
            if (!isJson)
            {
                Text ??= content;
            }

            return;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                Text ??= TextOfChoice(root);
                if (root.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String)
                {
                    FinishReason ??= reason.GetString();
                }
            }
            else
            {
                Text ??= ContentFeatureExtractor.TextOfOutputMessages(root);
            }
        }
        catch (JsonException)
        {
            if (!isJson)
            {
                Text ??= content;
            }
        }
    }

    private static string? TextOfChoice(JsonElement choice)
    {
        var message = choice.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : choice;
        return message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text
            ? text
            : null;
    }
}
