namespace QualityWatch.Cli.Commands;

/// <summary>What a verb says until the issue that builds it lands: plainly not available, exit 2.</summary>
internal static class NotAvailableYet
{
    public static CliException For(string verb) => CliException.Usage($"'{verb}' is not available yet in this build");
}
