using System.Text.Json;

namespace QualityWatch.Collector.Content;

/// <summary>
/// A span's messages JSON (<c>gen_ai.output.messages</c>) parsed once, when content is stored, and read twice: by the
/// content features and by <see cref="CallContentReader"/>. Disposing it returns the parser's pooled memory.
/// </summary>
internal sealed class ParsedMessages(string json, JsonDocument document) : IDisposable
{
    /// <summary>The text that was parsed.</summary>
    public string Json { get; } = json;

    public JsonElement Root => document.RootElement;

    public void Dispose() => document.Dispose();
}
