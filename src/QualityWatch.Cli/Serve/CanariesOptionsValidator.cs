using Microsoft.Extensions.Options;
using QualityWatch.Canaries;

namespace QualityWatch.Cli.Serve;

/// <summary>Checks the <c>canaries</c> section when the host starts, naming the key.</summary>
internal sealed class CanariesOptionsValidator : IValidateOptions<CanariesOptions>
{
    public ValidateOptionsResult Validate(string? name, CanariesOptions options)
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
