using Microsoft.Extensions.Options;
using QualityWatch.Detection.Engine;

namespace QualityWatch.Cli.Serve;

/// <summary>Checks the <c>detection</c> section when the host starts, naming the option and its range.</summary>
internal sealed class DetectionEngineOptionsValidator : IValidateOptions<DetectionEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, DetectionEngineOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail(OptionsFailure.OneLine(exception));
        }
    }
}
