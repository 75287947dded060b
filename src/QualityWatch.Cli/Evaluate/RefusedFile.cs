namespace QualityWatch.Cli.Evaluate;

/// <summary>A dataset file that could not be scored, with the one-line reason (the same line <c>detect</c> would print).</summary>
internal sealed record RefusedFile(LabelledFile File, string Reason);
