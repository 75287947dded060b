using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Trace;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Content;

/// <summary>
/// Reads a call's prompt and completion messages from a span, only when content storage is on. Sources, first found
/// wins per direction: GenAI semantic conventions (<c>gen_ai.system_instructions</c>, <c>gen_ai.input.messages</c>,
/// <c>gen_ai.output.messages</c>), OpenLLMetry (<c>gen_ai.prompt.N.role/content</c>, <c>gen_ai.completion.N.…</c>),
/// the older <c>gen_ai.prompt</c>/<c>gen_ai.completion</c> attributes, OpenInference
/// (<c>llm.input_messages.N.message.role/content</c>, <c>llm.output_messages.N.…</c>, <c>input.value</c>,
/// <c>output.value</c>), the <c>gen_ai.content.prompt</c>/<c>gen_ai.content.completion</c> span events, and the
/// per-message span events (<c>gen_ai.system.message</c>, <c>gen_ai.user.message</c>, <c>gen_ai.assistant.message</c>,
/// <c>gen_ai.tool.message</c>, <c>gen_ai.choice</c>) with their <c>gen_ai.event.content</c> JSON.
/// </summary>
internal sealed class CallContentReader(CallContentOptions options)
{
    private const string UnknownRole = "unknown";

    /// <summary>
    /// The call's content, or null when the span carries none; <paramref name="parsedOutput"/> is its
    /// <c>gen_ai.output.messages</c> when the caller has parsed them already.
    /// </summary>
    public CallContent? Read(Span span, string series, DateTimeOffset start, ParsedMessages? parsedOutput = null)
    {
        // Content is addressed by trace and span id; a span without valid ids cannot be looked up, so it is not kept.
        if (span.TraceId.Length != 16 || span.SpanId.Length != 8)
        {
            return null;
        }

        var found = new Sources();
        foreach (var attribute in span.Attributes)
        {
            found.Read(attribute.Key, attribute.Value);
        }

        foreach (var spanEvent in span.Events)
        {
            found.ReadEvent(spanEvent);
        }

        var input = FromSemanticConventions(found.SystemInstructions, found.InputMessages)
            ?? FromIndexed(found.PromptByIndex, "user")
            ?? FromLooseText(found.Prompt, "user")
            ?? FromIndexed(found.InputByIndex, "user")
            ?? FromLooseText(found.InputValue, "user")
            ?? FromLooseText(found.EventPrompt, "user")
            ?? (found.EventMessages.Count > 0 ? found.EventMessages : null)
            ?? [];
        var output = FromMessagesJson(found.OutputMessages, "assistant", parsedOutput)
            ?? FromIndexed(found.CompletionByIndex, "assistant")
            ?? FromLooseText(found.Completion, "assistant")
            ?? FromIndexed(found.OutputByIndex, "assistant")
            ?? FromLooseText(found.OutputValue, "assistant")
            ?? FromLooseText(found.EventCompletion, "assistant")
            ?? (found.EventChoices.Count > 0 ? found.EventChoices : null)
            ?? [];
        if (input.Count == 0 && output.Count == 0)
        {
            return null;
        }

        return new CallContent(
            Convert.ToHexStringLower(span.TraceId.Span),
            Convert.ToHexStringLower(span.SpanId.Span),
            series,
            start,
            Hash(input, output),
            Cut(input),
            Cut(output));
    }

    /// <summary>SHA-256 of the complete messages (role and text, unit-separated), so truncation never changes it.</summary>
    internal static string Hash(IReadOnlyList<(string Role, string Text)> input, IReadOnlyList<(string Role, string Text)> output)
    {
        // One pooled buffer and a one-shot hash: an incremental hash per call cost more than the hashing itself.
        var length = 1;
        foreach (var (role, text) in input)
        {
            length += Encoding.UTF8.GetByteCount(role) + Encoding.UTF8.GetByteCount(text) + 2;
        }

        foreach (var (role, text) in output)
        {
            length += Encoding.UTF8.GetByteCount(role) + Encoding.UTF8.GetByteCount(text) + 2;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Append(buffer, 0, input);
            buffer[written++] = 0x1d;
            written = Append(buffer, written, output);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, written), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Append(byte[] buffer, int offset, IReadOnlyList<(string Role, string Text)> messages)
    {
        foreach (var (role, text) in messages)
        {
            offset += Encoding.UTF8.GetBytes(role, buffer.AsSpan(offset));
            buffer[offset++] = 0x1f;
            offset += Encoding.UTF8.GetBytes(text, buffer.AsSpan(offset));
            buffer[offset++] = 0x1e;
        }

        return offset;
    }

    private List<ContentMessage> Cut(List<(string Role, string Text)> messages)
    {
        var max = Math.Max(1, options.MaxCharactersPerMessage);
        return messages.ConvertAll(m =>
        {
            if (m.Text.Length <= max)
            {
                return new ContentMessage(m.Role, m.Text, false);
            }

            // Never split a surrogate pair.
            var length = char.IsHighSurrogate(m.Text[max - 1]) ? max - 1 : max;
            return new ContentMessage(m.Role, m.Text[..length], true);
        });
    }

    private static List<(string Role, string Text)>? FromSemanticConventions(string? systemInstructions, string? inputMessages)
    {
        var messages = new List<(string Role, string Text)>();
        if (systemInstructions is not null)
        {
            var text = TryParse(systemInstructions, out var document) && document!.RootElement.ValueKind == JsonValueKind.Array
                ? TextOfParts(document.RootElement)
                : systemInstructions;
            document?.Dispose();
            messages.Add(("system", text));
        }

        if (FromMessagesJson(inputMessages, "user") is { } input)
        {
            messages.AddRange(input);
        }

        return messages.Count == 0 ? null : messages;
    }

    /// <summary>Parses messages JSON once for several readers; null when it is not a JSON array or object.</summary>
    public static ParsedMessages? TryParseMessages(string json) => TryParse(json, out var document) ? new ParsedMessages(json, document!) : null;

    /// <summary>A JSON array of messages (<c>{role, parts}</c> per the conventions, or <c>{role, content}</c>), or an object with <c>messages</c>.</summary>
    private static List<(string Role, string Text)>? FromMessagesJson(string? json, string defaultRole, ParsedMessages? parsed = null)
    {
        if (json is null)
        {
            return null;
        }

        if (parsed is not null && string.Equals(parsed.Json, json, StringComparison.Ordinal))
        {
            return FromMessages(parsed.Root, defaultRole);
        }

        if (!TryParse(json, out var document))
        {
            return null;
        }

        using (document)
        {
            return FromMessages(document!.RootElement, defaultRole);
        }
    }

    private static List<(string Role, string Text)>? FromMessages(JsonElement root, string defaultRole)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("messages", out var inner))
        {
            root = inner;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var messages = new List<(string Role, string Text)>();
        foreach (var message in root.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : defaultRole;
            if (message.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
            {
                messages.Add((role, TextOfParts(parts)));
            }
            else if (message.TryGetProperty("content", out var content))
            {
                messages.Add((role, content.ValueKind switch
                {
                    JsonValueKind.String => content.GetString()!,
                    JsonValueKind.Array => TextOfParts(content),
                    JsonValueKind.Null => string.Empty,
                    _ => content.GetRawText(),
                }));
            }
            else
            {
                return null;
            }
        }

        return messages.Count == 0 ? null : messages;
    }

    /// <summary>Text parts (<c>{type: text, content}</c> per the conventions, <c>{type: text, text}</c> per OpenAI) as text; other parts as their JSON.</summary>
    private static string TextOfParts(JsonElement parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.String)
            {
                text.Append(part.GetString());
            }
            else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                text.Append(content.GetString());
            }
            else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
            {
                text.Append(partText.GetString());
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(part.GetRawText());
            }
        }

        return text.ToString();
    }

    private static List<(string Role, string Text)>? FromLooseText(string? text, string defaultRole) =>
        text is null ? null : FromMessagesJson(text, defaultRole) ?? [(defaultRole, text)];

    private static List<(string Role, string Text)>? FromIndexed(SortedDictionary<int, IndexedMessage>? messages, string defaultRole) =>
        messages is null || messages.Count == 0
            ? null
            : messages.Values.Where(m => m.Content is not null).Select(m => (m.Role ?? defaultRole, m.Content!)).ToList() is { Count: > 0 } list ? list : null;

    /// <summary>
    /// The message of a per-message event: <c>gen_ai.event.content</c> is the message as JSON (<c>{role, content}</c>;
    /// <c>gen_ai.choice</c> wraps it in <c>message</c>); content that is not a JSON object is taken as the text.
    /// </summary>
    private static (string Role, string Text) FromEventContent(string content, string defaultRole)
    {
        if (!TryParse(content, out var document))
        {
            return (defaultRole, content);
        }

        using (document)
        {
            var body = document!.RootElement;
            if (body.ValueKind != JsonValueKind.Object)
            {
                return (defaultRole, content);
            }

            if (body.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                body = message;
            }

            var role = body.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : defaultRole;
            if (!body.TryGetProperty("content", out var text))
            {
                return (role, body.GetRawText());
            }

            return (role, text.ValueKind switch
            {
                JsonValueKind.String => text.GetString()!,
                JsonValueKind.Array => TextOfParts(text),
                JsonValueKind.Null => string.Empty,

                // Azure AI Agents: {"text": {"value": "..."}}.
                JsonValueKind.Object when text.TryGetProperty("text", out var inner) && inner.ValueKind == JsonValueKind.Object
                    && inner.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String => value.GetString()!,
                JsonValueKind.Object when text.TryGetProperty("text", out var inner) && inner.ValueKind == JsonValueKind.String => inner.GetString()!,
                _ => text.GetRawText(),
            });
        }
    }

    private static bool TryParse(string json, out JsonDocument? document)
    {
        document = null;
        var trimmed = json.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '[' && trimmed[0] != '{'))
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed class IndexedMessage
    {
        public string? Role { get; set; }

        public string? Content { get; set; }
    }

    /// <summary>Every content attribute of one span, gathered in one pass.</summary>
    private sealed class Sources
    {
        public string? SystemInstructions { get; private set; }

        public string? InputMessages { get; private set; }

        public string? OutputMessages { get; private set; }

        public string? Prompt { get; private set; }

        public string? Completion { get; private set; }

        public string? InputValue { get; private set; }

        public string? OutputValue { get; private set; }

        public string? EventPrompt { get; private set; }

        public string? EventCompletion { get; private set; }

        public List<(string Role, string Text)> EventMessages { get; } = [];

        public List<(string Role, string Text)> EventChoices { get; } = [];

        public SortedDictionary<int, IndexedMessage>? PromptByIndex { get; private set; }

        public SortedDictionary<int, IndexedMessage>? CompletionByIndex { get; private set; }

        public SortedDictionary<int, IndexedMessage>? InputByIndex { get; private set; }

        public SortedDictionary<int, IndexedMessage>? OutputByIndex { get; private set; }

        public void Read(string key, AnyValue? value)
        {
            switch (key)
            {
                case "gen_ai.system_instructions": SystemInstructions = GenAiSpanMapper.AsString(value); return;
                case "gen_ai.input.messages": InputMessages = GenAiSpanMapper.AsString(value); return;
                case "gen_ai.output.messages": OutputMessages = GenAiSpanMapper.AsString(value); return;
                case "gen_ai.prompt": Prompt = GenAiSpanMapper.AsString(value); return;
                case "gen_ai.completion": Completion = GenAiSpanMapper.AsString(value); return;
                case "input.value": InputValue = GenAiSpanMapper.AsString(value); return;
                case "output.value": OutputValue = GenAiSpanMapper.AsString(value); return;
                default: break;
            }

            if (key.StartsWith("gen_ai.prompt.", StringComparison.Ordinal))
            {
                PromptByIndex = ReadIndexed(PromptByIndex, key.AsSpan("gen_ai.prompt.".Length), ".content", ".role", value);
            }
            else if (key.StartsWith("gen_ai.completion.", StringComparison.Ordinal))
            {
                CompletionByIndex = ReadIndexed(CompletionByIndex, key.AsSpan("gen_ai.completion.".Length), ".content", ".role", value);
            }
            else if (key.StartsWith("llm.input_messages.", StringComparison.Ordinal))
            {
                InputByIndex = ReadIndexed(InputByIndex, key.AsSpan("llm.input_messages.".Length), ".message.content", ".message.role", value);
            }
            else if (key.StartsWith("llm.output_messages.", StringComparison.Ordinal))
            {
                OutputByIndex = ReadIndexed(OutputByIndex, key.AsSpan("llm.output_messages.".Length), ".message.content", ".message.role", value);
            }
        }

        public void ReadEvent(Span.Types.Event spanEvent)
        {
            var role = spanEvent.Name switch
            {
                "gen_ai.system.message" => "system",
                "gen_ai.user.message" => "user",
                "gen_ai.assistant.message" => "assistant",
                "gen_ai.tool.message" => "tool",
                "gen_ai.choice" => "assistant",
                _ => null,
            };
            foreach (var attribute in spanEvent.Attributes)
            {
                if (spanEvent.Name == "gen_ai.content.prompt" && attribute.Key == "gen_ai.prompt")
                {
                    EventPrompt ??= GenAiSpanMapper.AsString(attribute.Value);
                }
                else if (spanEvent.Name == "gen_ai.content.completion" && attribute.Key == "gen_ai.completion")
                {
                    EventCompletion ??= GenAiSpanMapper.AsString(attribute.Value);
                }
                else if (role is not null && attribute.Key is "gen_ai.event.content" or "content" && GenAiSpanMapper.AsString(attribute.Value) is { } content)
                {
                    (spanEvent.Name == "gen_ai.choice" ? EventChoices : EventMessages).Add(FromEventContent(content, role));
                    break;
                }
            }
        }

        /// <summary>Reads <c>N.content</c> / <c>N.role</c> (after the prefix) into the message at index N.</summary>
        private static SortedDictionary<int, IndexedMessage>? ReadIndexed(SortedDictionary<int, IndexedMessage>? messages, ReadOnlySpan<char> rest, string contentSuffix, string roleSuffix, AnyValue? value)
        {
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 10_000)
            {
                return messages;
            }

            var suffix = rest[dot..];
            var isContent = suffix.SequenceEqual(contentSuffix);
            if (!isContent && !suffix.SequenceEqual(roleSuffix))
            {
                return messages;
            }

            messages ??= [];
            if (!messages.TryGetValue(index, out var message))
            {
                message = new IndexedMessage();
                messages[index] = message;
            }

            if (isContent)
            {
                message.Content = GenAiSpanMapper.AsString(value);
            }
            else
            {
                message.Role = GenAiSpanMapper.AsString(value) ?? UnknownRole;
            }

            return messages;
        }
    }
}
