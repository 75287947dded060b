namespace QualityWatch.Core.Alerts;

/// <summary>How urgent an alert is, from effect size and statistical confidence. Ordered: higher is worse.</summary>
public enum AlertSeverity
{
    /// <summary>Small or weakly supported change: worth a look, not a page.</summary>
    Info,

    /// <summary>A clear change of moderate size.</summary>
    Warning,

    /// <summary>A large change with overwhelming evidence.</summary>
    Critical,
}
