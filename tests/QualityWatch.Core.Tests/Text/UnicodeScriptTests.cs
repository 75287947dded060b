using System.Text;
using QualityWatch.Core.Text;

namespace QualityWatch.Core.Tests.Text;

public sealed class UnicodeScriptTests
{
    [Theory]
    [InlineData("a", "Latin")]
    [InlineData("É", "Latin")]
    [InlineData("7", UnicodeScript.Common)]
    [InlineData(" ", UnicodeScript.Common)]
    [InlineData("ก", "Thai")]
    [InlineData("中", "Han")]
    [InlineData("ж", "Cyrillic")]
    [InlineData("あ", "Hiragana")]
    [InlineData("한", "Hangul")]
    [InlineData("\u0301", UnicodeScript.Inherited)]
    public void Of_KnownCharacter_ReturnsItsScript(string character, string expected)
    {
        Assert.Equal(expected, UnicodeScript.Of(Rune.GetRuneAt(character, 0)));
    }

    [Fact]
    public void Histogram_EnglishAnswerWithStrayThai_CountsBothScripts()
    {
        var histogram = UnicodeScript.Histogram("The answer is 42 ครับ");

        Assert.Equal(11, histogram["Latin"]);
        Assert.Equal(4, histogram["Thai"]);
        Assert.Equal(6, histogram[UnicodeScript.Common]); // four spaces and two digits
    }

    [Fact]
    public void UnexpectedShare_IgnoresCommonCharactersAndCountsForeignLetters()
    {
        var histogram = UnicodeScript.Histogram("abc 中");

        Assert.Equal(0.25, UnicodeScript.UnexpectedShare(histogram, ["Latin"]), 10);
        Assert.Equal(0.0, UnicodeScript.UnexpectedShare(UnicodeScript.Histogram("12 + 3!"), ["Latin"]));
    }

    [Fact]
    public void Histogram_RandomMixedText_CountsEveryCharacterAsOfDoesInFirstSeenOrder()
    {
        // Latin, digits, spaces, Thai, Han, Hiragana, Cyrillic, a combining mark, an astral Han and a lone surrogate.
        string[] pieces = ["a", "Z", "7", " ", ".", "\n", "ก", "ข", "日", "本", "の", "Ж", "\u0301", "\U00020000", "\uD800", "é"];
        var random = new Random(42);
        for (var trial = 0; trial < 500; trial++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(_ => pieces[random.Next(pieces.Length)]));
            var expected = new List<KeyValuePair<string, int>>();
            foreach (var rune in text.EnumerateRunes())
            {
                var script = UnicodeScript.Of(rune);
                var index = expected.FindIndex(e => e.Key == script);
                if (index < 0)
                {
                    expected.Add(new(script, 1));
                }
                else
                {
                    expected[index] = new(script, expected[index].Value + 1);
                }
            }

            Assert.Equal(expected, UnicodeScript.Histogram(text).ToList());
        }
    }
}
