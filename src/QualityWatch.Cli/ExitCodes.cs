namespace QualityWatch.Cli;

/// <summary>The process exit codes every verb uses; CI systems and scripts depend on them.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The check failed: the gate failed, a regression was found, the demo missed a fault.</summary>
    public const int CheckFailed = 1;

    /// <summary>Usage or configuration error.</summary>
    public const int UsageError = 2;

    /// <summary>A provider or dependency was unreachable.</summary>
    public const int Unavailable = 3;

    /// <summary>The gate could not decide within its budget (INCONCLUSIVE); its reason says how many more calls would.</summary>
    public const int Inconclusive = 4;
}
