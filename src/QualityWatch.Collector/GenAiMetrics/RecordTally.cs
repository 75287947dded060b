namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>One request's data points by result, with the first few distinct rejection reasons.</summary>
internal sealed class RecordTally
{
    public long Accepted { get; set; }

    public long Rejected { get; private set; }

    public long Ignored { get; set; }

    public List<string> Reasons { get; } = [];

    public void Reject(string reason)
    {
        Rejected++;
        if (Reasons.Count < 3 && !Reasons.Contains(reason))
        {
            Reasons.Add(reason);
        }
    }
}
