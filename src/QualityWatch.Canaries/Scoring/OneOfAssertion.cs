namespace QualityWatch.Canaries.Scoring;

/// <summary><c>one_of</c>: the trimmed answer equals one of the listed texts.</summary>
internal sealed class OneOfAssertion(IReadOnlyList<string> options) : CanaryAssertion
{
    public override string Name => "one_of";

    public override string? Check(string answer) =>
        options.Any(o => string.Equals(o.Trim(), answer.Trim(), StringComparison.Ordinal))
            ? null
            : $"expected one of [{string.Join(", ", options.Select(Quote))}], got {Quote(answer.Trim())}";

    public override string Describe() => $"one of [{string.Join(", ", options.Select(Quote))}]";
}
