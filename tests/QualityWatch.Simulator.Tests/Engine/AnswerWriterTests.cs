using QualityWatch.Core.Statistics;
using QualityWatch.Simulator.Engine;

namespace QualityWatch.Simulator.Tests.Engine;

public sealed class AnswerWriterTests
{
    [Theory]
    [InlineData("42")]
    [InlineData("The total is 1,250 dollars.")]
    [InlineData("3.14159")]
    [InlineData("Paris")]
    [InlineData("The capital is Madrid.")]
    [InlineData("ORCHID-31")]
    [InlineData("Yes")]
    [InlineData("false")]
    [InlineData("def square(x):\n    return (x * x)")]
    [InlineData("{\"name\": \"Ada\", \"age\": 36}")]
    [InlineData("ok")]
    [InlineData("?!")]
    public void Wrong_ForManySeeds_NeverContainsTheCorrectAnswer(string correct)
    {
        for (var seed = 0UL; seed < 200; seed++)
        {
            var wrong = AnswerWriter.Wrong(correct, new SplitMix64(seed));

            Assert.NotEqual(correct, wrong);
            Assert.DoesNotContain(correct, wrong, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Wrong_Numbers_ArePerturbedNotReplacedByText()
    {
        var wrong = AnswerWriter.Wrong("The answer is 584.", new SplitMix64(1));

        Assert.Matches(@"^The answer is \d+\.$", wrong);
    }

    [Fact]
    public void Plausible_IsDeterministicForASeedAndLongerWithALengthFactor()
    {
        var one = AnswerWriter.Plausible("Tell me about tides", new SplitMix64(9), 1);
        var again = AnswerWriter.Plausible("Tell me about tides", new SplitMix64(9), 1);
        var longer = Enumerable.Range(0, 200).Average(i => AnswerWriter.Plausible("x", new SplitMix64((ulong)i), 1.6).Length)
            / Enumerable.Range(0, 200).Average(i => AnswerWriter.Plausible("x", new SplitMix64((ulong)i), 1).Length);

        Assert.Equal(one, again);
        Assert.True(AnswerWriter.IsEnglish(one));
        Assert.InRange(longer, 1.4, 1.8);
    }

    [Fact]
    public void AddStrayCharacters_MakesEnglishTextContainThaiOrChinese()
    {
        var corrupted = AnswerWriter.AddStrayCharacters("The meeting moved to Tuesday afternoon.", new SplitMix64(3));

        Assert.Contains(corrupted, c => c is >= '\u0E00' and <= '\u0E7F' || c is >= '\u4E00' and <= '\u9FFF');
    }

    [Theory]
    [InlineData("def f(x):\n    return (x)", "def f(x):\n    return (x")]
    [InlineData("int f() { return 1; }", "int f() { return 1; ")]
    [InlineData("x = 1", "x = 1 ((")]
    public void BreakSyntax_DropsTheLastClosingBracket(string code, string expected) =>
        Assert.Equal(expected, AnswerWriter.BreakSyntax(code));

    [Fact]
    public void Truncate_CutsAtAWordBoundaryAndKeepsAPrefix()
    {
        const string text = "one two three four five six seven eight nine ten";

        var cut = AnswerWriter.Truncate(text, 0.5);

        Assert.StartsWith(cut, text, StringComparison.Ordinal);
        Assert.InRange(cut.Length, text.Length / 4, text.Length / 2);
        Assert.False(cut.EndsWith(' '));
    }
}
