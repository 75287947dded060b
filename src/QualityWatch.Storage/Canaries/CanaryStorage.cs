namespace QualityWatch.Storage.Canaries;

/// <summary>The canary module's schema, for <see cref="QualityWatchDatabase.OpenAsync"/>.</summary>
public static class CanaryStorage
{
    /// <summary>Migrations of the canary tables, in id order.</summary>
    public static IReadOnlyList<ISchemaMigration> Migrations { get; } = [new CanaryResultsMigration(), new CanaryTraceIdsMigration(), new CanarySessionMigration(), new CanaryLogprobsMigration()];
}
