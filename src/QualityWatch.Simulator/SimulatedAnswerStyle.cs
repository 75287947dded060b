namespace QualityWatch.Simulator;

/// <summary>
/// How a simulated model writes free-form answers: its formatting habits, preamble, signature words and refusals.
/// Real models differ in these even when equally right, which is what a model-identity fingerprint learns; the
/// <c>silent-model-swap</c> scenario serves another model's habits under the swapped model's name. Strict golden
/// answers ("reply with the number only") are left exact, as real models comply with such instructions.
/// </summary>
public sealed class SimulatedAnswerStyle
{
    /// <summary>Text put before every free-form answer (for example <c>Certainly! </c>); empty for none.</summary>
    public string Preamble { get; set; } = string.Empty;

    /// <summary>Share of free-form answers that open with a markdown heading.</summary>
    public double HeadingShare { get; set; }

    /// <summary>Share of free-form answers whose sentences after the first are bullet lines.</summary>
    public double BulletShare { get; set; }

    /// <summary>Share of free-form answers whose first sentence is in bold.</summary>
    public double BoldShare { get; set; }

    /// <summary>Share of free-form answers that end with a fenced code block.</summary>
    public double CodeFenceShare { get; set; }

    /// <summary>Whether free-form answers end with a newline.</summary>
    public bool TrailingNewline { get; set; }

    /// <summary>Share of free-form answers that are a refusal instead.</summary>
    public double RefusalShare { get; set; }

    /// <summary>Words the model favours; about one word in eight of a free-form answer is one of them.</summary>
    public List<string> Vocabulary { get; set; } = [];

    /// <summary>The problem with this style, or null when it is valid.</summary>
    internal string? Problem()
    {
        foreach (var (name, share) in new[] { (nameof(HeadingShare), HeadingShare), (nameof(BulletShare), BulletShare), (nameof(BoldShare), BoldShare), (nameof(CodeFenceShare), CodeFenceShare), (nameof(RefusalShare), RefusalShare) })
        {
            if (share is < 0 or > 1 || double.IsNaN(share))
            {
                return $"Style:{name} must be in [0, 1], was {share}";
            }
        }

        return Vocabulary.Any(string.IsNullOrWhiteSpace) ? "Style:Vocabulary must not contain empty words" : null;
    }
}
