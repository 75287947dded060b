using QualityWatch.Alerts.Pages;

namespace QualityWatch.Alerts.Tests.Pages;

public sealed class ScriptHighlighterTests
{
    [Fact]
    public void Highlight_MarksLettersOutsideTheExpectedScripts_AndListsTheirCodePoints()
    {
        var (html, codePoints) = ScriptHighlighter.Highlight("The answer is 42. ครับ", "The answer is 42.");

        Assert.Contains("<mark class=\"unexpected\" title=\"U+0E04 Thai\">&#xE04;</mark>", html, StringComparison.Ordinal);
        Assert.StartsWith("The answer is 42. <mark", html, StringComparison.Ordinal);
        Assert.Equal(["U+0E04 ค (Thai)", "U+0E23 ร (Thai)", "U+0E31 ั (Thai)", "U+0E1A บ (Thai)"], codePoints);
    }

    [Fact]
    public void Highlight_WithoutAnExpectedAnswer_TakesTheOutputsMainScriptAsExpected_AndEncodesMarkup()
    {
        var (html, codePoints) = ScriptHighlighter.Highlight("<b>Bonjour</b> 你好", null);

        Assert.StartsWith("&lt;b&gt;Bonjour&lt;/b&gt; <mark", html, StringComparison.Ordinal);
        Assert.Equal(["U+4F60 你 (Han)", "U+597D 好 (Han)"], codePoints);
    }
}
