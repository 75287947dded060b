namespace QualityWatch.Canaries.Scoring;

/// <summary><c>not_*</c>: the inner assertion must fail.</summary>
internal sealed class NotAssertion(CanaryAssertion inner) : CanaryAssertion
{
    public override string Name => $"not_{inner.Name}";

    public override string? Check(string answer) =>
        inner.Check(answer) is null ? $"expected the answer not to satisfy: {inner.Describe()}" : null;

    public override string Describe() => $"not ({inner.Describe()})";
}
