namespace QualityWatch.Simulator.Engine;

/// <summary>The token emitted at one position and the most probable candidates there, most probable first.</summary>
internal sealed record TokenLogprob(TokenCandidate Chosen, IReadOnlyList<TokenCandidate> Top);
