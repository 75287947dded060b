using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QualityWatch.Core.Telemetry;
using QualityWatch.Core.Text;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// Derives <see cref="ContentFeatures"/> from an output text and forgets the text: length, script histogram,
/// unexpected-script share, JSON validity when JSON was requested, a refusal marker and a truncated SHA-256.
/// </summary>
internal sealed class ContentFeatureExtractor(IReadOnlyCollection<string> expectedScripts)
{
    private static readonly string[] RefusalOpenings =
    [
        "I'm sorry, but I can", "I am sorry, but I can", "I'm sorry, I can", "I cannot help", "I can't help",
        "I can't assist", "I cannot assist", "I'm unable to", "I am unable to", "Sorry, I can't",
    ];

    public ContentFeatures Extract(string text, bool jsonRequested, string? finishReason)
    {
        var histogram = UnicodeScript.Histogram(text);
        var share = UnicodeScript.UnexpectedShare(histogram, expectedScripts);
        bool? jsonValid = jsonRequested ? IsJson(text) : null;
        var trimmed = text.TrimStart();
        var refusal = finishReason == "content_filter" || Array.Exists(RefusalOpenings, o => trimmed.StartsWith(o, StringComparison.OrdinalIgnoreCase));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
        return new ContentFeatures(text.Length, histogram, share, jsonValid, refusal, hash);
    }

    /// <summary>The assistant text in <c>gen_ai.output.messages</c> (JSON: messages with text parts), or null.</summary>
    public static string? TextOfOutputMessages(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return TextOfOutputMessages(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>As <see cref="TextOfOutputMessages(string)"/>, on messages already parsed (content storage parses them once for both).</summary>
    public static string? TextOfOutputMessages(JsonElement root)
    {
        var builder = new StringBuilder();
        if (root.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var message in root.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in parts.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                    {
                        builder.Append(content.GetString());
                    }
                }
            }
            else if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                builder.Append(content.GetString());
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text.Trim());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
