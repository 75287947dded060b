using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Text;
using QualityWatch.Storage.Alerts;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// Output-corruption examples from stored content (only when the collector stores prompts and completions): calls of
/// the alert's series since its estimated start whose output mixes scripts, newest first.
/// </summary>
internal sealed class StoredOutputReader(IServiceProvider services, TimeProvider time)
{
    private const int Scanned = 200;
    private const int Shown = 3;

    public async Task<IReadOnlyList<StoredOutputExample>> ReadAsync(Alert alert, CancellationToken cancellationToken)
    {
        if (alert.Kind != FindingKinds.OutputCorruption || services.GetService<CallContentStore>() is not { } contents)
        {
            return [];
        }

        var to = alert.ResolvedAt ?? time.GetUtcNow();
        var found = new List<StoredOutputExample>();
        foreach (var call in await contents.ListAsync(alert.Series, alert.Evidence.EstimatedStart, to.AddMinutes(1), Scanned, cancellationToken))
        {
            var content = await contents.FindAsync(call.TraceId, call.SpanId, cancellationToken);
            var output = content is null ? string.Empty : string.Join("\n", content.Output.Select(m => m.Text));
            var scripts = UnicodeScript.Histogram(output).Keys.Where(s => s is not (UnicodeScript.Common or UnicodeScript.Inherited)).Count();
            if (scripts > 1)
            {
                found.Add(new StoredOutputExample(call.TraceId, call.SpanId, call.StartTime, output));
                if (found.Count == Shown)
                {
                    break;
                }
            }
        }

        return found;
    }
}
