using Microsoft.Extensions.Options;

namespace QualityWatch.Collector;

/// <summary>Fails start-up with the key that cannot work (<see cref="MetricsExportOptions.Validate"/>).</summary>
internal sealed class MetricsExportOptionsValidator : IValidateOptions<MetricsExportOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsExportOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"metrics.{FirstLine(exception.Message)}");
        }
    }

    // ArgumentException appends " (Parameter '…')" to its message.
    private static string FirstLine(string message) => message.Split(" (Parameter", 2)[0];
}
