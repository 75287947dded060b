namespace QualityWatch.Cli.Demo;

/// <summary>A provider the demo's canaries call: a configured name, the wire protocol, and the simulated model behind it.</summary>
internal sealed record DemoProvider(string Name, string Kind, string Model, string SimulatorProvider);
