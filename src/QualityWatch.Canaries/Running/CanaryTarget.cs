using Microsoft.Extensions.AI;
using QualityWatch.Providers;

namespace QualityWatch.Canaries.Running;

/// <summary>A provider the runner sends canaries to: its options (name, model, prices, budgets) and its client.</summary>
public sealed record CanaryTarget(ProviderOptions Options, IChatClient Client)
{
    /// <summary>Creates the target through <see cref="ProviderClientFactory"/>.</summary>
    public static CanaryTarget Create(ProviderOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null) =>
        new(options, ProviderClientFactory.Create(options, httpClient, timeProvider));
}
