using System.Text.RegularExpressions;

namespace QualityWatch.Canaries.Scoring;

/// <summary><c>regex</c>: the answer matches the .NET regular expression somewhere (anchor it with ^…$ for a full match).</summary>
internal sealed class RegexAssertion(Regex regex) : CanaryAssertion
{
    public override string Name => "regex";

    public override string? Check(string answer)
    {
        try
        {
            return regex.IsMatch(answer) ? null : $"expected a match for /{regex}/, got {Quote(answer.Trim())}";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"regex /{regex}/ timed out on the answer";
        }
    }

    public override string Describe() => $"matches /{regex}/";
}
