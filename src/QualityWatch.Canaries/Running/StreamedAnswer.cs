using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using QualityWatch.Providers.Adapters;

namespace QualityWatch.Canaries.Running;

/// <summary>Gathers a streamed canary answer update by update into its <see cref="CallOutcome"/>.</summary>
internal sealed class StreamedAnswer(Stopwatch stopwatch)
{
    private readonly StringBuilder _text = new();
    private TimeSpan? _firstToken;
    private string? _finishReason, _model, _fingerprint, _responseId;
    private bool _normalisedFinishReason;
    private long? _input, _output, _logprobTokens, _greedyViolations;

    public void Add(ChatResponseUpdate update)
    {
        var chunk = update.Text;
        if (_firstToken is null && chunk.Length > 0)
        {
            _firstToken = stopwatch.Elapsed;
        }

        _text.Append(chunk);
        _model ??= update.ModelId;
        _responseId ??= update.ResponseId;
        _normalisedFinishReason |= update.FinishReason is not null;
        _finishReason = CallOutcome.FinishReasonOf(update.FinishReason, update.AdditionalProperties) ?? _finishReason;
        if (update.AdditionalProperties?.TryGetValue(ChatResponseFields.SystemFingerprint, out var value) == true && value is string print)
        {
            _fingerprint = print;
        }

        foreach (var usage in update.Contents.OfType<UsageContent>())
        {
            _input = usage.Details.InputTokenCount ?? _input;
            _output = usage.Details.OutputTokenCount ?? _output;
        }

        // Each streamed update reports its own tokens' log-probabilities: the answer's are their sum.
        if (CallOutcome.Count(update.AdditionalProperties, ChatResponseFields.LogprobTokens) is { } tokens)
        {
            _logprobTokens = (_logprobTokens ?? 0) + tokens;
            _greedyViolations = (_greedyViolations ?? 0) + (CallOutcome.Count(update.AdditionalProperties, ChatResponseFields.GreedyViolations) ?? 0);
        }
    }

    public CallOutcome Outcome() =>
        new(_text.ToString(), _finishReason, _model, _responseId, _fingerprint, _input, _output, _firstToken ?? stopwatch.Elapsed, null)
        {
            LogprobTokens = _logprobTokens,
            GreedyViolations = _greedyViolations,
            FinishReasonIsRaw = !_normalisedFinishReason,
        };
}
