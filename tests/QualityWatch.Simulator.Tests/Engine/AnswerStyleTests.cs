using QualityWatch.Simulator.Engine;

namespace QualityWatch.Simulator.Tests.Engine;

/// <summary>Simulated models write free-form answers in habits of their own, and silent-model-swap serves another's.</summary>
public sealed class AnswerStyleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Prompts = [.. Enumerable.Range(0, 200).Select(i => $"Explain briefly how topic number {i} works in production systems.")];

    [Fact]
    public void The_default_models_free_form_answers_differ_in_their_habits()
    {
        var engine = new ModelEngine(new SimulatorOptions(), null, Start);
        var sonnet = Answers(engine, "claude-sonnet-4", Start.AddMinutes(5));
        var gemini = Answers(engine, "gemini-2.5-flash", Start.AddMinutes(5));
        var gpt41 = Answers(engine, "gpt-4.1", Start.AddMinutes(5));
        var mini = Answers(engine, "gpt-4o-mini", Start.AddMinutes(5));

        Assert.True(sonnet.Count(a => a.StartsWith("Certainly! ", StringComparison.Ordinal)) > 180);
        Assert.DoesNotContain(mini, a => a.StartsWith("Certainly! ", StringComparison.Ordinal));
        Assert.True(gemini.Count(a => a.EndsWith('\n')) > 190);
        Assert.DoesNotContain(gpt41, a => a.EndsWith('\n'));
        Assert.InRange(gpt41.Count(a => a.StartsWith("### ", StringComparison.Ordinal)), 70, 130);
        Assert.DoesNotContain(mini, a => a.Contains("### ", StringComparison.Ordinal));
        Assert.True(gemini.Count(a => a.Contains("**", StringComparison.Ordinal)) > mini.Count(a => a.Contains("**", StringComparison.Ordinal)) + 100);
        Assert.Contains(sonnet, a => a.Contains("nuanced", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(gemini, a => a.Contains("nuanced", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Answers_keep_their_style_at_temperature_zero_within_a_slot()
    {
        var engine = new ModelEngine(new SimulatorOptions(), null, Start);
        var at = Start.AddMinutes(7).AddSeconds(10);

        Assert.Equal(Answers(engine, "gpt-4.1", at), Answers(engine, "gpt-4.1", at.AddSeconds(30)));
    }

    [Fact]
    public void A_silent_swap_serves_the_next_configured_models_habits_under_the_swapped_name()
    {
        var options = new SimulatorOptions { Scenarios = [new() { Name = "silent-model-swap", Model = "gpt-4.1", StartAfter = TimeSpan.FromHours(1), Parameters = new(StringComparer.OrdinalIgnoreCase) { ["KeepFingerprint"] = 1 } }] };
        var engine = new ModelEngine(options, null, Start);
        var at = Start.AddHours(2);

        var swapped = Answers(engine, "gpt-4.1", at);
        var replies = Prompts.Select(p => engine.Answer(Request("gpt-4.1", p), at)).ToList();

        // gpt-4.1's successor in the default list is claude-sonnet-4: its preamble, and no headings of gpt-4.1's own.
        Assert.True(swapped.Count(a => a.StartsWith("Certainly! ", StringComparison.Ordinal)) > 180);
        Assert.DoesNotContain(swapped, a => a.Contains("### ", StringComparison.Ordinal));
        Assert.All(replies, r => Assert.Equal("fp_b42ad9a7b3", r.Fingerprint));
        Assert.All(replies, r => Assert.Equal("gpt-4.1", r.Model));
    }

    [Fact]
    public void A_partial_swap_serves_about_its_share_of_calls_in_the_other_models_habits()
    {
        var options = new SimulatorOptions { Scenarios = [new() { Name = "silent-model-swap", Model = "gpt-4o-mini", StartAfter = TimeSpan.Zero, Parameters = new(StringComparer.OrdinalIgnoreCase) { ["Share"] = 0.3 } }] };
        var engine = new ModelEngine(options, null, Start);
        var replies = Prompts.Select(p => engine.Answer(Request("gpt-4o-mini", p), Start.AddMinutes(3))).ToList();

        // gpt-4o-mini's successor is gpt-4.1; its swapped calls also report the swapped fingerprint (KeepFingerprint 0).
        var swapped = replies.Where(r => r.Fingerprint != "fp_0ba0d124f1").ToList();
        Assert.InRange(swapped.Count, 40, 80);
        Assert.True(swapped.Count(r => r.Text!.StartsWith("### ", StringComparison.Ordinal)) > swapped.Count / 4);
        Assert.DoesNotContain(replies.Except(swapped), r => r.Text!.StartsWith("### ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_style_share_out_of_range_is_refused_naming_the_model_and_the_option()
    {
        var options = new SimulatorOptions { Models = [new() { Name = "m", Style = new() { BulletShare = 1.5 } }] };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("m: Style:BulletShare must be in [0, 1]", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Answers(ModelEngine engine, string model, DateTimeOffset at) =>
        [.. Prompts.Select(p => engine.Answer(Request(model, p), at).Text!)];

    private static SimulatedRequest Request(string model, string prompt) =>
        new(WireProtocol.OpenAi, model, prompt, prompt.Length, 1, null, 0, null, null);
}
