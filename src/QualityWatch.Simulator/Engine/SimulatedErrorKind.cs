namespace QualityWatch.Simulator.Engine;

/// <summary>Failures the engine can inject; each protocol renders them in its provider's error format.</summary>
internal enum SimulatedErrorKind
{
    Unauthorized,
    RateLimited,
    Overloaded,
    ServerError,
}
