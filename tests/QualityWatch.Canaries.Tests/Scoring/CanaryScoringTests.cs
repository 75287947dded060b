using QualityWatch.Canaries.Scoring;
using QualityWatch.Canaries.Tests.TestSupport;

namespace QualityWatch.Canaries.Tests.Scoring;

public sealed class CanaryScoringTests
{
    [Theory]
    [InlineData("{ equals: \"42\" }", " 42\n", true)]
    [InlineData("{ equals: \"42\" }", "42.", false)]
    [InlineData("{ contains: \"Paris\" }", "It is Paris.", true)]
    [InlineData("{ contains: \"Paris\" }", "It is paris.", false)]
    [InlineData("{ contains: [\"a\", \"b\"] }", "a only", false)]
    [InlineData("{ icontains: \"PARIS\" }", "it is paris", true)]
    [InlineData("{ icontains: \"Rome\" }", "it is paris", false)]
    [InlineData("{ regex: \"^[0-9]{4}$\" }", "2024", true)]
    [InlineData("{ regex: \"^[0-9]{4}$\" }", "20245", false)]
    [InlineData("{ number: { value: 3.14, tolerance: 0.01 } }", "about 3.141", true)]
    [InlineData("{ number: { value: 3.14, tolerance: 0.01 } }", "3.2", false)]
    [InlineData("{ number: 1234 }", "1,234", true)]
    [InlineData("{ number: -7 }", "-7", true)]
    [InlineData("{ number: 7 }", "seven", false)]
    [InlineData("{ one_of: [\"Paris\", \"paris\"] }", "paris", true)]
    [InlineData("{ one_of: [\"Paris\", \"paris\"] }", "PARIS", false)]
    [InlineData("{ json: true }", "{\"a\": [1, 2]}", true)]
    [InlineData("{ json: true }", "```json\n{}\n```", false)]
    [InlineData("{ json: { path: \"$.a[1]\", value: 2 } }", "{\"a\": [1, 2]}", true)]
    [InlineData("{ json: { path: \"$.a[1]\", value: 2 } }", "{\"a\": [1, 3]}", false)]
    [InlineData("{ json: { path: \"user.name\", value: \"Ada\" } }", "{\"user\": {\"name\": \"Ada\"}}", true)]
    [InlineData("{ json: { path: \"user.ok\", value: true } }", "{\"user\": {\"ok\": true}}", true)]
    [InlineData("{ json: { path: \"user.missing\" } }", "{\"user\": {}}", false)]
    [InlineData("{ max_chars: 5 }", "héllo", true)]
    [InlineData("{ max_chars: 5 }", "hello!", false)]
    [InlineData("{ script: [Latin, Common] }", "The answer is 42.", true)]
    [InlineData("{ script: [Latin, Common] }", "The answer is 42 ครับ.", false)]
    [InlineData("{ script: [Latin, Common] }", "The answer 是 42.", false)]
    [InlineData("{ script: [Cyrillic, Common] }", "Париж", true)]
    [InlineData("{ not_contains: \"```\" }", "{}", true)]
    [InlineData("{ not_contains: \"```\" }", "```{}```", false)]
    [InlineData("{ not_equals: \"42\" }", "41", true)]
    [InlineData("{ not_regex: \"[0-9]\" }", "4", false)]
    [InlineData("{ equals: \"42\", max_chars: 2, script: [Common] }", "42", true)]
    [InlineData("{ equals: \"42\", max_chars: 1 }", "42", false)]
    public void Score_AssertionTable_PassesOnlyWhenEveryAssertionHolds(string expect, string answer, bool passes)
    {
        var canaryCase = SuiteText.OnlyCase(expect);

        var score = CanaryScoring.Score(canaryCase, answer);

        Assert.Equal(passes, score.Passed);
        Assert.Equal(passes, score.FailureReasons.Count == 0);
    }

    [Fact]
    public void Score_SeveralFailures_GivesOneReasonPerFailedAssertionNamingIt()
    {
        var canaryCase = SuiteText.OnlyCase("{ equals: \"42\", max_chars: 1, script: [Latin] }");

        var score = CanaryScoring.Score(canaryCase, "43");

        Assert.Equal(3, score.FailureReasons.Count);
        Assert.StartsWith("equals: expected \"42\", got \"43\"", score.FailureReasons[0], StringComparison.Ordinal);
        Assert.StartsWith("max_chars:", score.FailureReasons[1], StringComparison.Ordinal);
        Assert.Contains("Common", score.FailureReasons[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Score_StrayThaiCharacter_ReasonNamesScriptAndCodePoint()
    {
        var canaryCase = SuiteText.OnlyCase("{ script: [Latin, Common] }");

        var score = CanaryScoring.Score(canaryCase, "Paris ก");

        Assert.Contains("Thai (U+0E01", Assert.Single(score.FailureReasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Expected_DescribesEveryAssertion()
    {
        var canaryCase = SuiteText.OnlyCase("{ equals: \"42\", not_contains: \"x\" }");

        Assert.Equal("equals \"42\" and not (contains \"x\")", canaryCase.Expected);
    }
}
