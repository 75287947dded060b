namespace QualityWatch.Storage.Detection;

/// <summary>The detection module's schema: one row of engine state per engine id.</summary>
public static class DetectionStorage
{
    /// <summary>Migrations to pass to <see cref="QualityWatchDatabase.OpenAsync"/>.</summary>
    public static IReadOnlyList<ISchemaMigration> Migrations { get; } = [new CreateDetectionState()];

    private sealed class CreateDetectionState : ISchemaMigration
    {
        public string Id => "detection-0001";

        public string Sql(SqlDialect dialect) => dialect == SqlDialect.Postgres
            ? "CREATE TABLE IF NOT EXISTS qw_detection_state (engine_id TEXT PRIMARY KEY, state BYTEA NOT NULL, saved_at TEXT NOT NULL)"
            : "CREATE TABLE IF NOT EXISTS qw_detection_state (engine_id TEXT PRIMARY KEY, state BLOB NOT NULL, saved_at TEXT NOT NULL)";
    }
}
