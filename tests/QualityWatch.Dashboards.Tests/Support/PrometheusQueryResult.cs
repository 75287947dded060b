namespace QualityWatch.Dashboards.Tests.Support;

/// <summary>The outcome of one instant query: status, error, result type and how many series (or 1 for a scalar).</summary>
public sealed record PrometheusQueryResult(
    string Query, string Status, string? ErrorType, string? Error, string? ResultType, int SeriesCount, string Body)
{
    public bool IsSuccess => Status == "success";

    public bool HasData => IsSuccess && SeriesCount > 0;
}
