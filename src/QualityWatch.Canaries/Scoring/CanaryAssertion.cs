namespace QualityWatch.Canaries.Scoring;

/// <summary>One check of an answer, parsed from a case's <c>expect</c> block.</summary>
public abstract class CanaryAssertion
{
    /// <summary>The key as written in the suite (<c>equals</c>, <c>not_contains</c>…).</summary>
    public abstract string Name { get; }

    /// <summary>Null when <paramref name="answer"/> satisfies the assertion; otherwise one line saying why not.</summary>
    public abstract string? Check(string answer);

    /// <summary>What the assertion expects, for reports.</summary>
    public abstract string Describe();

    /// <summary>Quotes text for a one-line message, shortening long values.</summary>
    protected static string Quote(string text)
    {
        var oneLine = text.ReplaceLineEndings("⏎");
        return oneLine.Length <= 80 ? $"\"{oneLine}\"" : $"\"{oneLine[..77]}...\"";
    }
}
