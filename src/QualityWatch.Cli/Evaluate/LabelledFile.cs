namespace QualityWatch.Cli.Evaluate;

/// <summary>One CSV of a labelled dataset: its domain (the sub-folder it sits in) and its path.</summary>
internal sealed record LabelledFile(string Domain, string Path)
{
    public string DisplayName => $"{Domain}/{System.IO.Path.GetFileName(Path)}";
}
