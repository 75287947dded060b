namespace QualityWatch.Dashboards.Tests.Support;

/// <summary>Exit code and output of a finished tool.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;
}
