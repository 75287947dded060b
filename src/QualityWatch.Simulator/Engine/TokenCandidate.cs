namespace QualityWatch.Simulator.Engine;

/// <summary>One candidate token at a position, with its log-probability (natural log, as OpenAI reports it).</summary>
internal sealed record TokenCandidate(string Token, double Logprob);
