using System.Diagnostics.Metrics;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Metrics;

namespace QualityWatch.Alerts.Metrics;

/// <summary>
/// <c>qualitywatch.alerts_active{severity,kind,gen_ai.provider.name}</c>: open alerts, an observable gauge on the
/// <see cref="MeterNames.Alerts"/> meter. Refreshed after every change (collections read a snapshot and never touch
/// the database); a label set seen once keeps reporting 0 when it empties.
/// </summary>
internal sealed class ActiveAlertsMetrics
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Severity, string Kind, string Provider), int> _counts = [];

    public ActiveAlertsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        meterFactory.Create(MeterNames.Alerts).CreateObservableGauge("qualitywatch.alerts_active", Observe, "{alert}", "Open QualityWatch alerts (firing, acknowledged or silenced).");
    }

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

    /// <summary>The current counts by (severity, kind, provider).</summary>
    public IReadOnlyDictionary<(string Severity, string Kind, string Provider), int> Counts()
    {
        lock (_lock)
        {
            return new Dictionary<(string, string, string), int>(_counts);
        }
    }

    private List<Measurement<int>> Observe()
    {
        lock (_lock)
        {
            return _counts.Select(c => new Measurement<int>(
                c.Value,
                new KeyValuePair<string, object?>("severity", c.Key.Severity),
                new KeyValuePair<string, object?>("kind", c.Key.Kind),
                new KeyValuePair<string, object?>("gen_ai.provider.name", c.Key.Provider))).ToList();
        }
    }
}
