namespace QualityWatch.Cli.Serve;

/// <summary>The run id of this replica's canary runner (on every result it stores) and the names of the providers its
/// schedule sends to (whose daily budgets a new schedule holder restores).</summary>
internal sealed record ScheduledProviders(string RunId, IReadOnlyList<string> Names);
