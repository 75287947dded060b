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
}
