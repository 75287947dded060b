using QualityWatch.Core.Alerts;
using QualityWatch.Core.Metrics;

namespace QualityWatch.Alerts.Metrics;

/// <summary>
/// <c>qualitywatch_alerts_active{severity,kind,gen_ai_provider_name}</c>: open alerts. Refreshed after every change
/// (scrapes read a snapshot and never touch the database); a label set seen once keeps reporting 0 when it empties.
/// </summary>
internal sealed class ActiveAlertsMetrics : IMetricsContributor
{
    public const string Name = "qualitywatch_alerts_active";
    private const string Help = "Open QualityWatch alerts (firing, acknowledged or silenced).";

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Severity, string Kind, string Provider), int> _counts = [];

    public void Refresh(IEnumerable<Alert> openAlerts)
    {
        var fresh = openAlerts.Where(a => a.IsOpen)
            .GroupBy(a => (a.Severity.Name(), a.Kind, a.Provider))
            .ToDictionary(g => g.Key, g => g.Count());
        lock (_lock)
        {
            foreach (var key in _counts.Keys.ToList())
            {
                _counts[key] = 0;
            }

            foreach (var (key, count) in fresh)
            {
                _counts[key] = count;
            }
        }
    }

    public IEnumerable<MetricSample> Collect()
    {
        lock (_lock)
        {
            return _counts.OrderBy(c => c.Key).Select(c => new MetricSample(Name, MetricType.Gauge, Help,
                new Dictionary<string, string> { ["severity"] = c.Key.Severity, ["kind"] = c.Key.Kind, ["gen_ai_provider_name"] = c.Key.Provider },
                c.Value)).ToList();
        }
    }
}
