namespace QualityWatch.Canaries.Telemetry;

/// <summary>
/// The attributes the canary evaluation sets on Microsoft.Extensions.AI's GenAI span: the few semantic-convention ones
/// it sets itself, and QualityWatch's own. The rest of the span (operation, provider, model, usage…) is the telemetry layer's.
/// </summary>
internal static class GenAiAttributes
{
    public const string RequestTemperature = "gen_ai.request.temperature";
    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
    public const string SystemFingerprint = "openai.response.system_fingerprint";
    public const string EvaluationEvent = "gen_ai.evaluation.result";
    public const string EvaluationName = "gen_ai.evaluation.name";
    public const string EvaluationScoreValue = "gen_ai.evaluation.score.value";
    public const string EvaluationScoreLabel = "gen_ai.evaluation.score.label";
    public const string EvaluationExplanation = "gen_ai.evaluation.explanation";
    public const string Suite = "qualitywatch.canary.suite";
    public const string CaseId = "qualitywatch.canary.case_id";
    public const string Category = "qualitywatch.canary.category";
    public const string RunId = "qualitywatch.canary.run_id";
    public const string Round = "qualitywatch.canary.round";
    public const string Outcome = "qualitywatch.canary.outcome";
    public const string Session = "qualitywatch.canary.session";

    /// <summary>The bounded error type of an unavailable call (<c>503</c>, <c>timeout</c>…); <c>error.type</c> holds the exception's name.</summary>
    public const string CanaryErrorType = "qualitywatch.canary.error_type";

    /// <summary>Temperature-0 tokens whose log-probabilities were inspected (providers with <c>logprobs</c>).</summary>
    public const string LogprobTokens = "qualitywatch.canary.logprob_tokens";

    /// <summary>Of those, tokens emitted while a more probable candidate existed.</summary>
    public const string GreedyViolations = "qualitywatch.canary.greedy_violations";
    public const string ProviderKind = "qualitywatch.provider.kind";
    public const string TimeToFirstChunk = "qualitywatch.time_to_first_chunk_seconds";
    public const string Cost = "qualitywatch.cost_usd";
}
