using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace QualityWatch.Storage;

/// <summary>
/// Migrates the database singleton when the host starts, before any hosted service's <c>StartAsync</c> (it runs in
/// <see cref="IHostedLifecycleService.StartingAsync"/>) and so before the telemetry writer, detection, the canary
/// schedule or Kestrel touch a table. Each module registers its migrations as <see cref="ISchemaMigration"/>s.
/// </summary>
internal sealed partial class DatabaseMigrationService(
    IQualityWatchDatabase database,
    IEnumerable<ISchemaMigration> migrations,
    ILogger<DatabaseMigrationService> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var all = migrations.ToList();
        await QualityWatchDatabase.MigrateAsync(database, all, cancellationToken);
        LogMigrated(all.Count, database.Dialect);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Database schema up to date ({Migrations} migrations known, {Dialect})")]
    private partial void LogMigrated(int migrations, SqlDialect dialect);
}
