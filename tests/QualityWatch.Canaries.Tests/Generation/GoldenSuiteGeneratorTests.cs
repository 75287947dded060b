using System.Globalization;
using System.Text.RegularExpressions;
using QualityWatch.Canaries.Generation;
using QualityWatch.Canaries.Scoring;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Tests.TestSupport;

namespace QualityWatch.Canaries.Tests.Generation;

public sealed partial class GoldenSuiteGeneratorTests
{
    private static readonly SuiteLoadResult Shipped = SuiteLoader.LoadDirectory(RepositoryPaths.Canaries);

    [Fact]
    public void ShippedSuiteFiles_AreExactlyWhatTheGeneratorWrites()
    {
        foreach (var suite in GoldenSuiteGenerator.Generate())
        {
            var path = Path.Combine(RepositoryPaths.Canaries, $"{suite.Name}.yaml");
            Assert.True(File.Exists(path), $"{path} is missing: run qualitywatch canary generate --out canaries");
            Assert.Equal(SuiteYamlWriter.Write(suite), File.ReadAllText(path).ReplaceLineEndings("\n"));
        }
    }

    [Fact]
    public void ShippedSuites_LoadWithoutProblems_AndHoldAtLeast200CasesAcrossEveryCategory()
    {
        Assert.Empty(Shipped.Problems);
        Assert.True(Shipped.Cases.Count() >= 200, $"{Shipped.Cases.Count()} cases");
        Assert.Equal(
            ["arithmetic", "code", "determinism", "factual", "format", "long-context", "multilingual"],
            Shipped.Cases.Select(c => c.Category).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryShippedCase_ReferencePassesItsOwnAssertions()
    {
        foreach (var canaryCase in Shipped.Cases)
        {
            Assert.NotNull(canaryCase.Reference);
            var score = CanaryScoring.Score(canaryCase, canaryCase.Reference);
            Assert.True(score.Passed, $"{canaryCase.Suite}/{canaryCase.Id}: {string.Join("; ", score.FailureReasons)}");
        }
    }

    [Fact]
    public void EveryShippedPrompt_IsUnique_SoTheAnswerBookFindsEachCase()
    {
        var book = new SuiteAnswerBook(Shipped.Suites);

        foreach (var canaryCase in Shipped.Cases)
        {
            Assert.True(book.TryFind(canaryCase.LastUserMessage, out var answer), canaryCase.Id);
            Assert.Equal((canaryCase.Suite, canaryCase.Id, canaryCase.Reference), (answer.Suite, answer.CaseId, answer.CorrectAnswer));
        }

        Assert.False(book.TryFind("What is the meaning of life?", out _));
    }

    [Fact]
    public void ArithmeticAnswers_AgreeWithAnIndependentReadingOfThePrompt()
    {
        var suite = Shipped.Suites.Single(s => s.Name == "arithmetic");
        foreach (var canaryCase in suite.Cases)
        {
            var prompt = canaryCase.LastUserMessage;
            var numbers = NumberPattern().Matches(prompt).Select(m => long.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
            long expected = canaryCase.Id[..3] switch
            {
                "add" => numbers[0] + numbers[1],
                "sub" => numbers[0] - numbers[1],
                "mul" => numbers[0] * numbers[1],
                "div" => numbers[0] / numbers[1],
                "mod" => numbers[0] % numbers[1],
                _ => throw new InvalidOperationException(canaryCase.Id),
            };
            if (canaryCase.Id.StartsWith("div", StringComparison.Ordinal))
            {
                Assert.Equal(0, numbers[0] % numbers[1]);
            }

            Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), canaryCase.Reference);
        }
    }

    [Fact]
    public void CodeAnswers_AgreeWithAnIndependentEvaluationOfTheProgram()
    {
        var suite = Shipped.Suites.Single(s => s.Name == "code");
        foreach (var canaryCase in suite.Cases)
        {
            var program = canaryCase.LastUserMessage.Split("\n\n", 2)[1];
            string expected;
            if (SumRange().Match(program) is { Success: true } sum)
            {
                var n = long.Parse(sum.Groups[1].Value, CultureInfo.InvariantCulture);
                expected = Enumerable.Range(0, (int)n).Sum(i => (long)i).ToString(CultureInfo.InvariantCulture);
            }
            else if (Len().Match(program) is { Success: true } len)
            {
                expected = len.Groups[1].Value.Length.ToString(CultureInfo.InvariantCulture);
            }
            else if (Reverse().Match(program) is { Success: true } reverse)
            {
                expected = string.Concat(reverse.Groups[1].Value.Reverse());
            }
            else if (DivMod().Match(program) is { Success: true } divmod)
            {
                var (a, b) = (int.Parse(divmod.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(divmod.Groups[2].Value, CultureInfo.InvariantCulture));
                expected = $"{Math.DivRem(a, b).Quotient} {Math.DivRem(a, b).Remainder}";
            }
            else if (Sorted().Match(program) is { Success: true } sorted)
            {
                var items = sorted.Groups[1].Value.Split(", ").Select(int.Parse).Order();
                expected = "[" + string.Join(", ", items) + "]";
            }
            else
            {
                throw new InvalidOperationException($"unrecognised program in {canaryCase.Id}");
            }

            Assert.Equal(expected, canaryCase.Reference);
        }
    }

    [Fact]
    public void LongContextCases_Span3kTo20kTokens_WithTheNeedleOnceAndItsCodeAsAnswer()
    {
        var suite = Shipped.Suites.Single(s => s.Name == "long-context");
        var lengths = new List<int>();
        foreach (var canaryCase in suite.Cases)
        {
            var prompt = canaryCase.LastUserMessage;
            var needle = NeedleSentence().Matches(prompt);
            Assert.Single(needle);
            Assert.Equal(needle[0].Groups["code"].Value, canaryCase.Reference);
            lengths.Add(prompt.Length / NeedleHaystack.CharsPerToken);
        }

        Assert.InRange(lengths.Min(), 3000, 3500);
        Assert.InRange(lengths.Max(), 20000, 21000);
    }

    [Fact]
    public void NeedleHaystack_SameSeed_SameText_OtherSeed_OtherText()
    {
        var first = NeedleHaystack.Build(3000, 7, "The code is 1.", 0.5);
        var again = NeedleHaystack.Build(3000, 7, "The code is 1.", 0.5);
        var other = NeedleHaystack.Build(3000, 8, "The code is 1.", 0.5);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.InRange(first.IndexOf("The code is 1.", StringComparison.Ordinal), first.Length * 0.4, first.Length * 0.6);
    }

    [Fact]
    public void SuiteYamlWriter_QuotesTextThatWouldBreakYaml()
    {
        Assert.Equal("\"a \\\"b\\\" \\\\ c\\nd: e # f\"", SuiteYamlWriter.Quote("a \"b\" \\ c\nd: e # f"));
    }

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^print\(sum\(range\((\d+)\)\)\)$")]
    private static partial Regex SumRange();

    [GeneratedRegex("^print\\(len\\(\"([a-z ]+)\"\\)\\)$")]
    private static partial Regex Len();

    [GeneratedRegex("^print\\(\"([a-z]+)\"\\[::-1\\]\\)$")]
    private static partial Regex Reverse();

    [GeneratedRegex(@"^a, b = (\d+), (\d+)\nprint\(a // b, a % b\)$")]
    private static partial Regex DivMod();

    [GeneratedRegex(@"^print\(sorted\(\[([\d, ]+)\]\)\)$")]
    private static partial Regex Sorted();

    [GeneratedRegex(@"The access code for the [a-z]+ [a-z]+ is (?<code>\d+)\.")]
    private static partial Regex NeedleSentence();
}
