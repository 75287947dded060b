namespace QualityWatch.Canaries.Suites;

/// <summary>A problem in a suite file, located by file and line (1-based).</summary>
public sealed record SuiteProblem(string File, int Line, string Reason)
{
    /// <summary><c>file:line: reason</c>.</summary>
    public override string ToString() => $"{File}:{Line}: {Reason}";
}
