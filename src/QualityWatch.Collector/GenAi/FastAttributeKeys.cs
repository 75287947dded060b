using System.Text;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// Classifies an attribute key straight from its UTF-8 bytes: a table by key length, then a byte comparison, so
/// the aggregator never turns a key into a string. Every key <see cref="SpanFields"/> reads is here; those the
/// aggregator does not handle itself are <see cref="FastAttribute.MappingOnly"/>, so the two can never disagree.
/// </summary>
internal static class FastAttributeKeys
{
    private static readonly Dictionary<string, FastAttribute> Handled = new(StringComparer.Ordinal)
    {
        ["gen_ai.provider.name"] = FastAttribute.Provider,
        ["gen_ai.system"] = FastAttribute.LegacySystem,
        ["gen_ai.operation.name"] = FastAttribute.Operation,
        ["gen_ai.request.model"] = FastAttribute.RequestModel,
        ["gen_ai.response.model"] = FastAttribute.ResponseModel,
        ["gen_ai.usage.input_tokens"] = FastAttribute.InputTokens,
        ["gen_ai.usage.output_tokens"] = FastAttribute.OutputTokens,
        ["gen_ai.usage.prompt_tokens"] = FastAttribute.PromptTokens,
        ["gen_ai.usage.completion_tokens"] = FastAttribute.CompletionTokens,
        ["gen_ai.usage.cache_read.input_tokens"] = FastAttribute.CacheReadInputTokens,
        ["gen_ai.usage.reasoning.output_tokens"] = FastAttribute.ReasoningOutputTokens,
        ["gen_ai.response.finish_reasons"] = FastAttribute.FinishReasons,
        ["gen_ai.response.finish_reason"] = FastAttribute.FinishReasons,
        ["error.type"] = FastAttribute.ErrorType,
        ["gen_ai.response.time_to_first_chunk"] = FastAttribute.TimeToFirstChunk,
        ["gen_ai.usage.cost"] = FastAttribute.Cost,
        ["gen_ai.output.messages"] = FastAttribute.OutputMessages,
        ["gen_ai.completion"] = FastAttribute.CompletionText,
        ["gen_ai.completion.0.content"] = FastAttribute.CompletionText,
        ["llm.output_messages.0.message.content"] = FastAttribute.CompletionText,
        ["output.value"] = FastAttribute.CompletionText,
        ["gen_ai.output.type"] = FastAttribute.NotAggregated,
    };

    private static readonly (byte[] Key, FastAttribute Kind)[][] ByLength = Build();

    public static FastAttribute Classify(ReadOnlySpan<byte> key)
    {
        if (key.Length >= ByLength.Length)
        {
            return FastAttribute.Unknown;
        }

        foreach (var (known, kind) in ByLength[key.Length])
        {
            if (key.SequenceEqual(known))
            {
                return kind;
            }
        }

        return FastAttribute.Unknown;
    }

    private static (byte[] Key, FastAttribute Kind)[][] Build()
    {
        var keys = SpanFields.Keys.ToDictionary(k => k, k => Handled.GetValueOrDefault(k, FastAttribute.MappingOnly), StringComparer.Ordinal);
        var missing = Handled.Keys.Where(k => !keys.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"the aggregator handles keys the mapping does not read: {string.Join(", ", missing)}");
        }

        var table = new List<(byte[], FastAttribute)>[keys.Keys.Max(k => Encoding.UTF8.GetByteCount(k)) + 1];
        foreach (var (key, kind) in keys)
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            (table[bytes.Length] ??= []).Add((bytes, kind));
        }

        return [.. table.Select(entries => entries?.ToArray() ?? [])];
    }
}
