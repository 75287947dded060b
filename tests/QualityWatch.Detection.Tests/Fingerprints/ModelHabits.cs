namespace QualityWatch.Detection.Tests.Fingerprints;

/// <summary>A configured model's answer habits in the fixtures.</summary>
internal sealed record ModelHabits(string Provider, string Model, double Verbosity, string Preamble, double HeadingShare, double BulletShare, double BoldShare, double FenceShare, bool TrailingNewline, double RefusalShare, string[] Vocabulary)
{
    public string Identity => $"{Provider}/{Model}";
}
