using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Core.Text;

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
        if (alert.Kind != FindingKinds.OutputCorruption || services.GetService<ICallOutputSource>() is not { } outputs)
        {
            return [];
        }

        var to = alert.ResolvedAt ?? time.GetUtcNow();
        var found = new List<StoredOutputExample>();
        await foreach (var call in outputs.ReadOutputsAsync(alert.Series, alert.Evidence.EstimatedStart, to.AddMinutes(1), Scanned, cancellationToken))
        {
            var scripts = UnicodeScript.Histogram(call.Text).Keys.Where(s => s is not (UnicodeScript.Common or UnicodeScript.Inherited)).Count();
            if (scripts > 1)
            {
                found.Add(new StoredOutputExample(call.TraceId, call.SpanId, call.StartTime, call.Text));
                if (found.Count == Shown)
                {
                    break;
                }
            }
        }

        return found;
    }
}
