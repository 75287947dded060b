namespace QualityWatch.Storage.Alerts;

/// <summary>The alert module's schema migrations (<c>alerts-0001…</c>), for <see cref="QualityWatchDatabase.OpenAsync"/>.</summary>
public static class AlertStorage
{
    /// <summary>Every alert migration, in id order.</summary>
    public static IReadOnlyList<ISchemaMigration> Migrations { get; } = [new AlertsSchemaMigration(), new IncidentsSchemaMigration(), new SilencesSchemaMigration()];
}
