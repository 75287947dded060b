namespace QualityWatch.Core.Alerts;

/// <summary>What a cross-process alert lock protects (PostgreSQL advisory locks; SQLite is one process).</summary>
public enum AlertLockScope
{
    /// <summary>Read-modify-write of alerts: detection passes, API transitions, silence expiry.</summary>
    Writes,

    /// <summary>One outbox dispatcher at a time, so replicas never send a notification twice.</summary>
    Dispatch,
}
