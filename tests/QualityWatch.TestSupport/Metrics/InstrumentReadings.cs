using System.Diagnostics.Metrics;

namespace QualityWatch.TestSupport.Metrics;

/// <summary>
/// Reads an observable instrument the way an SDK's collection does (a <see cref="MeterListener"/> asking for its
/// current measurements), restricted to one meter instance so parallel hosts in the test process do not mix.
/// </summary>
public static class InstrumentReadings
{
    /// <summary>The measurements <paramref name="instrument"/> of a meter named <paramref name="meterName"/> reports now; only meters <paramref name="belongs"/> accepts.</summary>
    public static IReadOnlyList<InstrumentReading> Observe(string meterName, string instrument, Func<Meter, bool>? belongs = null)
    {
        var readings = new List<InstrumentReading>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (published, l) =>
        {
            if (published.Meter.Name == meterName && published.Name == instrument && (belongs?.Invoke(published.Meter) ?? true))
            {
                l.EnableMeasurementEvents(published);
            }
        };
        void Record<T>(Instrument source, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
            where T : struct
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                labels[tag.Key] = tag.Value?.ToString() ?? string.Empty;
            }

            lock (readings)
            {
                readings.Add(new InstrumentReading(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), labels));
            }
        }

        listener.SetMeasurementEventCallback<double>(Record);
        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<int>(Record);
        listener.Start();
        listener.RecordObservableInstruments();
        return readings;
    }
}
