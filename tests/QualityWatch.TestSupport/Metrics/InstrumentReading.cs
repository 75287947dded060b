namespace QualityWatch.TestSupport.Metrics;

/// <summary>One measurement of an instrument: its value and its tags.</summary>
public sealed record InstrumentReading(double Value, IReadOnlyDictionary<string, string> Tags);
