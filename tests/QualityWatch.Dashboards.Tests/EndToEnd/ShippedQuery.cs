namespace QualityWatch.Dashboards.Tests.EndToEnd;

/// <summary>One expression to run against Prometheus, where it comes from, and whether it must return data.</summary>
internal sealed record ShippedQuery(string Source, string Expression, bool MustReturnData)
{
    public override string ToString() => Source;
}
