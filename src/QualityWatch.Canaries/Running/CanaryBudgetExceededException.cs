namespace QualityWatch.Canaries.Running;

/// <summary>
/// A canary call was not sent because its worst case could push the provider over a daily budget
/// (<see cref="BudgetChatClient"/>). The runner counts it as skipped; nothing reached the provider.
/// </summary>
public sealed class CanaryBudgetExceededException : Exception
{
    /// <summary>Creates the exception for <paramref name="provider"/>.</summary>
    public CanaryBudgetExceededException(string provider)
        : base($"provider '{provider}': the call could exceed its daily budget and was not sent")
    {
        Provider = provider;
    }

    /// <summary>Creates the exception with a message.</summary>
    public CanaryBudgetExceededException()
        : this("unknown")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public CanaryBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
        Provider = "unknown";
    }

    /// <summary>The provider whose budget would have been exceeded.</summary>
    public string Provider { get; }
}
