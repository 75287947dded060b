namespace QualityWatch.Canaries.Scoring;

/// <summary><c>max_chars</c>: the trimmed answer has at most this many characters (Unicode scalar values).</summary>
internal sealed class MaxCharsAssertion(int maxChars) : CanaryAssertion
{
    public override string Name => "max_chars";

    public override string? Check(string answer)
    {
        var length = answer.Trim().EnumerateRunes().Count();
        return length <= maxChars ? null : $"expected at most {maxChars} characters, got {length}";
    }

    public override string Describe() => $"at most {maxChars} characters";
}
