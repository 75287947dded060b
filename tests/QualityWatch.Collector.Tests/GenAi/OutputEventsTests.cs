using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Otlp.Proto.Common;

namespace QualityWatch.Collector.Tests.GenAi;

public sealed class OutputEventsTests
{
    private static OutputEvents Read(string eventName, params (string Key, string Value)[] attributes)
    {
        var events = new OutputEvents();
        foreach (var (key, value) in attributes)
        {
            events.Read(eventName, key, new AnyValue { StringValue = value });
        }

        return events;
    }

    [Fact]
    public void SemanticKernelChoice_GivesTheMessageTextAndFinishReason()
    {
        var events = Read("gen_ai.choice", ("gen_ai.event.content", "{\"index\":0,\"message\":{\"role\":\"Assistant\",\"name\":null,\"content\":\"Paris.\",\"tool_calls\":[]},\"tool_calls\":[],\"finish_reason\":\"Stop\"}"));

        Assert.Equal(("Paris.", "Stop"), (events.Text, events.FinishReason));
    }

    [Fact]
    public void SemanticKernelStreamingChoice_GivesTheTextWithoutAFinishReason()
    {
        var events = Read("gen_ai.choice", ("gen_ai.event.content", "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Streamed.\"},\"finish_reason\":null}"));

        Assert.Equal(("Streamed.", null), (events.Text, events.FinishReason));
    }

    [Theory]
    [InlineData("The plain completion.", "The plain completion.")]
    [InlineData("[{\"role\":\"Assistant\",\"content\":\"From a message array.\"}]", "From a message array.")]
    [InlineData("{not json but text", "{not json but text")]
    public void CompletionEvent_GivesItsTextOrTheTextOfItsMessages(string completion, string expected)
    {
        Assert.Equal(expected, Read("gen_ai.content.completion", ("gen_ai.completion", completion)).Text);
    }

    [Fact]
    public void ChoiceWithFlatAttributes_GivesTheMessageAndFinishReason()
    {
        var events = Read("gen_ai.choice", ("index", "0"), ("message", "Flat text"), ("finish_reason", "length"));

        Assert.Equal(("Flat text", "length"), (events.Text, events.FinishReason));
    }

    [Fact]
    public void SeveralChoices_TheFirstWins()
    {
        var events = Read("gen_ai.choice", ("gen_ai.event.content", "{\"message\":{\"content\":\"First\"},\"finish_reason\":\"stop\"}"), ("gen_ai.event.content", "{\"message\":{\"content\":\"Second\"},\"finish_reason\":\"length\"}"));

        Assert.Equal(("First", "stop"), (events.Text, events.FinishReason));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"message\":{\"content\":\"\"}}")]
    [InlineData("{\"message\":{\"tool_calls\":[{\"id\":\"1\"}]}}")]
    public void ChoiceWithoutReadableText_GivesNoText(string content)
    {
        Assert.Null(Read("gen_ai.choice", ("gen_ai.event.content", content)).Text);
    }
}
