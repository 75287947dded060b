namespace QualityWatch.Cli.Serve;

/// <summary>Turns the argument exceptions the options' own <c>Validate()</c> methods throw into one-line messages.</summary>
internal static class OptionsFailure
{
    /// <summary>The message without the "(Parameter …)" suffix and the "Actual value was" line, plus the value.</summary>
    public static string OneLine(ArgumentException exception)
    {
        var message = exception.Message.Split('\n')[0].Trim();
        if (exception.ParamName is { } parameter)
        {
            message = message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal);
        }

        return exception is ArgumentOutOfRangeException { ActualValue: { } value } ? $"{message} (it is {value})" : message;
    }
}
