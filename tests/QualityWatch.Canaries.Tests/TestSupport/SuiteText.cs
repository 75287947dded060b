using QualityWatch.Canaries.Suites;

namespace QualityWatch.Canaries.Tests.TestSupport;

/// <summary>Parses suites written inline in tests.</summary>
internal static class SuiteText
{
    public static (CanarySuite? Suite, IReadOnlyList<SuiteProblem> Problems) Parse(string yaml) => SuiteLoader.Parse("inline.yaml", yaml);

    /// <summary>A one-case suite with the given expect block (flow YAML).</summary>
    public static string OneCase(string expect, string reference = "x") => $$"""
        suite: inline
        cases:
          - id: only
            prompt: "question?"
            expect: {{expect}}
            reference: "{{reference}}"
        """;

    public static CanaryCase OnlyCase(string expect)
    {
        var (suite, problems) = Parse(OneCase(expect));
        Assert.Empty(problems);
        return Assert.Single(suite!.Cases);
    }
}
