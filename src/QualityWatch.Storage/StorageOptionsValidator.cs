using Microsoft.Extensions.Options;

namespace QualityWatch.Storage;

/// <summary>Checks the <c>storage</c> section when the host starts, so a wrong provider or a missing connection
/// string stops the start with one line naming the key instead of failing on the first query.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        QualityWatchDatabase.Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
