using Microsoft.Extensions.Options;

namespace QualityWatch.Collector;

/// <summary>Checks the <c>collector</c> section when the host starts; the message names the key and its range.</summary>
internal sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        try
        {
            options.Content.Validate();
        }
        catch (InvalidOperationException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }

        if (options.CardinalityRefreshSeconds < 0)
        {
            return ValidateOptionsResult.Fail($"collector.cardinality_refresh_seconds must be 0 (never) or more, not {options.CardinalityRefreshSeconds}");
        }

        return !System.Net.IPAddress.TryParse(options.ListenAddress, out _)
            ? ValidateOptionsResult.Fail($"collector.listen_address must be an IP address such as 0.0.0.0 or 127.0.0.1, not '{options.ListenAddress}'")
            : ValidateOptionsResult.Success;
    }
}
