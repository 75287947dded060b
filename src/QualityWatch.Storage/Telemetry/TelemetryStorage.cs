namespace QualityWatch.Storage.Telemetry;

/// <summary>The telemetry module's schema: pass <see cref="Migrations"/> to <see cref="QualityWatchDatabase.OpenAsync"/>.</summary>
public static class TelemetryStorage
{
    /// <summary>The <c>telemetry-*</c> migrations, in order.</summary>
    public static IReadOnlyList<ISchemaMigration> Migrations { get; } = [new TelemetrySchemaV1(), new TelemetrySchemaV2()];
}
