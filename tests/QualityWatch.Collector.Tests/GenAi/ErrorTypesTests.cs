using QualityWatch.Collector.GenAi;

namespace QualityWatch.Collector.Tests.GenAi;

public sealed class ErrorTypesTests
{
    [Theory]
    [InlineData("System.ClientModel.ClientResultException", "HTTP 429 (Too Many Requests)", "429")]
    [InlineData("Microsoft.SemanticKernel.HttpOperationException", "HTTP 404 (invalid_request_error: model_not_found)\n\nThe model does not exist.", "404")]
    [InlineData("System.Net.Http.HttpRequestException", "Response status code does not indicate success: 503 (Service Unavailable).", "503")]
    [InlineData("System.ClientModel.ClientResultException", "Service request failed.", "_OTHER")]
    [InlineData("System.ClientModel.ClientResultException", null, "_OTHER")]
    [InlineData("System.Threading.Tasks.TaskCanceledException", "The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", "timeout")]
    [InlineData("System.TimeoutException", null, "timeout")]
    [InlineData("System.Net.Http.HttpRequestException", "Connection refused (127.0.0.1:1)", "transport")]
    [InlineData("System.Text.Json.JsonException", "'<' is an invalid start of a value.", "malformed_response")]
    [InlineData("MyCompany.Ai.QuotaExceededException", "HTTP 4290", "_OTHER")]
    [InlineData("timeout", "HTTP 500", "timeout")]
    [InlineData("429", null, "429")]
    [InlineData("rate_limit_exceeded", null, "rate_limit_exceeded")]
    [InlineData("_OTHER", null, "_OTHER")]
    [InlineData("ThrottlingException", "HTTP 429", "ThrottlingException")]
    public void Normalise_ExceptionNames_BecomeABoundedErrorType_OtherValuesAreKept(string errorType, string? statusMessage, string expected)
    {
        Assert.Equal(expected, ErrorTypes.Normalise(errorType, statusMessage));
    }

    [Fact]
    public void Normalise_NoErrorType_IsNoError()
    {
        Assert.Null(ErrorTypes.Normalise(null, "HTTP 500"));
    }
}
