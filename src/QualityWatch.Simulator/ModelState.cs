namespace QualityWatch.Simulator;

/// <summary>One simulated model at one instant.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Provider">Provider family (<c>openai</c>, <c>anthropic</c>, <c>gcp.gemini</c>).</param>
/// <param name="Fingerprint">System fingerprint currently reported (changes under silent-model-swap).</param>
/// <param name="Faults">Scenarios active for this model now, healthy excluded.</param>
/// <param name="Calls">Requests answered for this model since the simulator started (on every wire), so a test can
/// count what a fleet of clients spent.</param>
public sealed record ModelState(string Name, string Provider, string Fingerprint, IReadOnlyList<ActiveFault> Faults, long Calls);
