namespace QualityWatch.Canaries.Scoring;

/// <summary><c>contains</c> / <c>icontains</c>: the answer contains every listed text (ordinal, or ignoring case).</summary>
internal sealed class ContainsAssertion(IReadOnlyList<string> needles, bool ignoreCase) : CanaryAssertion
{
    public override string Name => ignoreCase ? "icontains" : "contains";

    public override string? Check(string answer)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var missing = needles.FirstOrDefault(n => !answer.Contains(n, comparison));
        return missing is null ? null : $"expected the answer to contain {Quote(missing)}{(ignoreCase ? " (any case)" : string.Empty)}, got {Quote(answer.Trim())}";
    }

    public override string Describe() => $"{Name} {string.Join(", ", needles.Select(Quote))}";
}
