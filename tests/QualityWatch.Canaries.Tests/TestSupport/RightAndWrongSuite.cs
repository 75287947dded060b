using QualityWatch.Canaries.Suites;

namespace QualityWatch.Canaries.Tests.TestSupport;

/// <summary>
/// An arithmetic suite of two cases the simulator answers right: <c>right</c> passes, <c>wrong</c> fails because its
/// assertion expects a wrong number, so one round gives one passed and one failed result per provider.
/// </summary>
internal static class RightAndWrongSuite
{
    public static CanarySuite Named(string name)
    {
        var (suite, problems) = SuiteText.Parse($$"""
            suite: {{name}}
            category: arithmetic
            cases:
              - id: right
                prompt: "What is 2 + 2? Reply with the number only."
                expect: { equals: "4" }
                reference: "4"
              - id: wrong
                prompt: "What is 3 + 3? Reply with the number only."
                expect: { equals: "7" }
                reference: "6"
            """);
        return problems.Count == 0 && suite is not null
            ? suite
            : throw new InvalidOperationException($"the test suite '{name}' does not parse: {string.Join("; ", problems)}");
    }
}
