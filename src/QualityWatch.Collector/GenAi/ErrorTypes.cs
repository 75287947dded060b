using System.Globalization;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// Keeps <c>error.type</c> a bounded label. The GenAI conventions allow an exception's type name there, and .NET
/// producers send exactly that (Microsoft.Extensions.AI <c>System.ClientModel.ClientResultException</c>, Semantic
/// Kernel <c>Microsoft.SemanticKernel.HttpOperationException</c>): such a full type name becomes the HTTP status its span's
/// status message reports (<c>HTTP 429 (…)</c>, as the OpenAI SDK words it), else the error type QualityWatch's own
/// provider clients use for that kind of failure (<c>timeout</c>, <c>transport</c>, <c>malformed_response</c>), else
/// <c>_OTHER</c>. Any other value (an HTTP status, a provider's error code) is kept as sent.
/// </summary>
internal static class ErrorTypes
{
    /// <summary>The error type used when nothing more specific is known (<c>ProviderErrorTypes.Unknown</c>).</summary>
    public const string Other = "_OTHER";

    private static readonly Dictionary<string, string> ByExceptionName = new(StringComparer.Ordinal)
    {
        ["TaskCanceledException"] = "timeout",
        ["TimeoutException"] = "timeout",
        ["TimeoutRejectedException"] = "timeout",
        ["OperationCanceledException"] = "timeout",
        ["HttpRequestException"] = "transport",
        ["SocketException"] = "transport",
        ["IOException"] = "transport",
        ["AuthenticationException"] = "transport",
        ["JsonException"] = "malformed_response",
        ["FormatException"] = "malformed_response",
        ["BrokenCircuitException"] = "circuit_open",
    };

    /// <summary>
    /// Whether <paramref name="errorType"/> is a .NET exception's full type name (which <see cref="Normalise"/>
    /// replaces). Unqualified names stay: providers use some as error codes (Bedrock's <c>ThrottlingException</c>).
    /// </summary>
    public static bool IsExceptionName(string errorType) =>
        errorType.EndsWith("Exception", StringComparison.Ordinal) && errorType.Contains('.', StringComparison.Ordinal) && !errorType.Contains(' ', StringComparison.Ordinal);

    /// <summary>The bounded error type of a span's <c>error.type</c> and status message.</summary>
    public static string? Normalise(string? errorType, string? statusMessage)
    {
        if (errorType is null || !IsExceptionName(errorType))
        {
            return errorType;
        }

        if (HttpStatusOf(statusMessage) is { } status)
        {
            return status;
        }

        var name = errorType[(errorType.LastIndexOf('.') + 1)..];
        return ByExceptionName.GetValueOrDefault(name, Other);
    }

    /// <summary>The status code of a message starting <c>HTTP 404</c> or <c>Response status code does not indicate success: 404</c>.</summary>
    private static string? HttpStatusOf(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var text = message.AsSpan().TrimStart();
        ReadOnlySpan<char> digits;
        if (text.StartsWith("HTTP ", StringComparison.Ordinal))
        {
            digits = text[5..];
        }
        else if (text.StartsWith("Response status code does not indicate success: ", StringComparison.Ordinal))
        {
            digits = text["Response status code does not indicate success: ".Length..];
        }
        else
        {
            return null;
        }

        return digits.Length >= 3 && int.TryParse(digits[..3], NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599
            && (digits.Length == 3 || !char.IsAsciiDigit(digits[3]))
            ? code.ToString(CultureInfo.InvariantCulture)
            : null;
    }
}
