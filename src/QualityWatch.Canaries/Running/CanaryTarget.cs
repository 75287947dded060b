using Microsoft.Extensions.AI;
using QualityWatch.Providers;

namespace QualityWatch.Canaries.Running;

/// <summary>A provider the runner sends canaries to: its options (name, model, prices, budgets) and its client.</summary>
public sealed record CanaryTarget(ProviderOptions Options, IChatClient Client)
{
    /// <summary>Creates the target through <see cref="ProviderClientFactory"/>; <paramref name="transport"/> is the
    /// innermost HTTP handler (disposed with the client), a pooled socket handler by default.</summary>
    public static CanaryTarget Create(ProviderOptions options, HttpMessageHandler? transport = null, TimeProvider? timeProvider = null) =>
        new(options, ProviderClientFactory.Create(options, transport, timeProvider));
}
