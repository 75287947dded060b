using System.ClientModel;
using System.Globalization;
using System.Text.Json;
using Anthropic.Exceptions;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace QualityWatch.Providers.Resilience;

/// <summary>Maps whatever an SDK threw to a low-cardinality error type, an HTTP status and whether a retry may help.</summary>
internal static class ProviderErrorClassifier
{
    internal readonly record struct Classification(string ErrorType, int? StatusCode, bool Transient, TimeSpan? RetryAfter);

    public static Classification Classify(Exception exception)
    {
        // SDKs wrap transport exceptions; the most specific cause is the innermost one we recognise.
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case ProviderHttpException http:
                    return new(http.StatusCode.ToString(CultureInfo.InvariantCulture), http.StatusCode, http.IsTransient, http.RetryAfter);
                case BrokenCircuitException:
                    return new(ProviderErrorTypes.CircuitOpen, null, false, null);
                case TimeoutRejectedException:
                    return new(ProviderErrorTypes.Timeout, null, true, null);
                case ProviderUnavailableException unavailable:
                    return new(unavailable.ErrorType, unavailable.StatusCode, false, null);
                default:
                    break;
            }
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AnthropicApiException api:
                    var status = (int)api.StatusCode;
                    return new(status.ToString(CultureInfo.InvariantCulture), status, status is 408 or 429 or >= 500, null);
                case ClientResultException { Status: > 0 } result:
                    return new(result.Status.ToString(CultureInfo.InvariantCulture), result.Status, result.Status is 408 or 429 or >= 500, null);
                case HttpRequestException or IOException:
                    return new(ProviderErrorTypes.Transport, null, true, null);
                case TaskCanceledException or TimeoutException:
                    return new(ProviderErrorTypes.Timeout, null, true, null);
                case JsonException or FormatException or AnthropicInvalidDataException or KeyNotFoundException or InvalidOperationException:
                    return new(ProviderErrorTypes.MalformedResponse, null, false, null);
                default:
                    break;
            }
        }

        return new(ProviderErrorTypes.Unknown, null, false, null);
    }
}
