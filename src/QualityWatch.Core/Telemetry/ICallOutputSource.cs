namespace QualityWatch.Core.Telemetry;

/// <summary>
/// The stored completions of calls (kept only when the collector stores prompts and completions), which the incident
/// pages scan for output-corruption examples. Storage implements it over its call content; a host that runs both the
/// collector and alerts registers it, and without it the pages show no stored examples.
/// </summary>
public interface ICallOutputSource
{
    /// <summary>
    /// Up to <paramref name="limit"/> calls of <paramref name="series"/> that started in [<paramref name="from"/>,
    /// <paramref name="to"/>), newest first, each with its completion text (messages joined by new lines; empty when
    /// the call's content is gone).
    /// </summary>
    IAsyncEnumerable<CallOutput> ReadOutputsAsync(string series, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken);
}
