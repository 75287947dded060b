namespace QualityWatch.Canaries.Scoring;

/// <summary><c>equals</c>: the trimmed answer is exactly the expected text.</summary>
internal sealed class EqualsAssertion(string expected) : CanaryAssertion
{
    public override string Name => "equals";

    public override string? Check(string answer) =>
        string.Equals(answer.Trim(), expected.Trim(), StringComparison.Ordinal) ? null : $"expected {Quote(expected.Trim())}, got {Quote(answer.Trim())}";

    public override string Describe() => $"equals {Quote(expected.Trim())}";
}
