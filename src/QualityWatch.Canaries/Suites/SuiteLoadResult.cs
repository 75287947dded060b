namespace QualityWatch.Canaries.Suites;

/// <summary>Valid suites and every problem found; a file with a problem contributes no suite.</summary>
public sealed record SuiteLoadResult(IReadOnlyList<CanarySuite> Suites, IReadOnlyList<SuiteProblem> Problems)
{
    /// <summary>Every case of every valid suite.</summary>
    public IEnumerable<CanaryCase> Cases => Suites.SelectMany(s => s.Cases);
}
