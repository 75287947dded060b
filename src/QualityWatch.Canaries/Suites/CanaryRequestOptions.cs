namespace QualityWatch.Canaries.Suites;

/// <summary>Sampling options of a case (its own, over the suite's <c>defaults</c>); null means the provider's default.</summary>
public sealed record CanaryRequestOptions(double? Temperature = null, int? MaxTokens = null, long? Seed = null, double? TopP = null)
{
    /// <summary>These options with unset values taken from <paramref name="defaults"/>.</summary>
    public CanaryRequestOptions Over(CanaryRequestOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new(Temperature ?? defaults.Temperature, MaxTokens ?? defaults.MaxTokens, Seed ?? defaults.Seed, TopP ?? defaults.TopP);
    }
}
