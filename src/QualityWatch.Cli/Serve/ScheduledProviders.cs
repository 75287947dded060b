namespace QualityWatch.Cli.Serve;

/// <summary>The names of the providers <c>serve</c>'s canary schedule sends to (whose daily budgets a new schedule
/// holder restores).</summary>
internal sealed record ScheduledProviders(IReadOnlyList<string> Names);
