using QualityWatch.Collector.GenAi;

namespace QualityWatch.Collector.Tests.GenAi;

public sealed class FinishReasonsTests
{
    [Theory]
    [InlineData("stop", "stop")]
    [InlineData("length", "length")]
    [InlineData("[\"stop\"]", "stop")]
    [InlineData("[\"length\",\"stop\"]", "length")]
    [InlineData("[\"Stop\"]", "stop")]
    [InlineData("[\"Length\"]", "length")]
    [InlineData("[\"ContentFilter\"]", "content_filter")]
    [InlineData("[\"ToolCalls\"]", "tool_calls")]
    [InlineData("[\"FunctionCall\"]", "tool_calls")]
    [InlineData("STOP", "stop")]
    [InlineData("MAX_TOKENS", "max_tokens")]
    [InlineData(" [ \"length\" ] ", "length")]
    [InlineData("[\"N/A\"]", null)]
    [InlineData("N/A", null)]
    [InlineData("[]", null)]
    [InlineData("[null]", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("[\"ContentFilter\"", "[\"contentfilter\"")]
    public void Normalise_EveryDialect_GivesTheLowerCaseConventionValue(string? raw, string? expected)
    {
        Assert.Equal(expected, FinishReasons.Normalise(raw));
    }

    [Fact]
    public void Normalise_AnAlreadyNormalisedValue_IsReturnedAsIs()
    {
        var stop = new string("stop".AsSpan());

        Assert.Same(stop, FinishReasons.Normalise(stop));
    }
}
