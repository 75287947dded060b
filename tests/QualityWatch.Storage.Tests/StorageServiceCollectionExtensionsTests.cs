using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QualityWatch.Storage.Tests;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-storage-composition-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed record Migration(string Id, string Ddl) : ISchemaMigration
    {
        public string Sql(SqlDialect dialect) => Ddl;
    }

    [Theory]
    [InlineData("Storage:Provider", "mongodb", "storage.provider must be 'sqlite' or 'postgres', not 'mongodb'")]
    [InlineData("Storage:Provider", "postgres", "storage.provider is 'postgres' but neither storage.connection_string nor storage.connection_string_env is set")]
    [InlineData("Storage:RetentionDays", "-1", "storage.retention_days must be 0 (keep everything) or more, not -1")]
    public async Task Start_BadStorageSetting_FailsWithOneLineNamingTheKey_AndCreatesNothing(string key, string value, string message)
    {
        using var host = Host(new Dictionary<string, string?> { [key] = value }, _ => { });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(message, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task Start_FreshSqliteFile_IsMigratedBeforeAnyHostedServiceStarts()
    {
        var probe = new SchemaProbe();
        using var host = Host(new Dictionary<string, string?>(), services =>
        {
            // Registered before storage on purpose: migrations run in StartingAsync, ahead of every StartAsync.
            services.AddSingleton(probe);
            services.AddHostedService(sp => sp.GetRequiredService<SchemaProbe>().Bind(sp.GetRequiredService<IQualityWatchDatabase>()));
            services.AddQualityWatchStorage();
            services.AddSchemaMigrations([new Migration("probe-0001", "CREATE TABLE probe (x INTEGER)")]);
        });

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(["probe-0001"], probe.AppliedAtStart);
    }

    [Fact]
    public void AddQualityWatchStorage_AddedByEveryModule_RegistersOneDatabaseAndEachMigrationOnce()
    {
        var services = new ServiceCollection();
        ISchemaMigration[] telemetry = [new Migration("telemetry-9001", "SELECT 1")];

        services.AddQualityWatchStorage().AddSchemaMigrations(telemetry);
        services.AddQualityWatchStorage().AddSchemaMigrations(telemetry);

        Assert.Single(services, d => d.ServiceType == typeof(IQualityWatchDatabase));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(ISchemaMigration));
    }

    private IHost Host(Dictionary<string, string?> settings, Action<IServiceCollection> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        settings.TryAdd("Storage:Path", Path.Combine(_directory, "data", "qw.db"));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        configure(builder.Services);
        builder.Services.AddQualityWatchStorage();
        return builder.Build();
    }

    /// <summary>A hosted service that, when it starts, reads which migrations the database already records.</summary>
    private sealed class SchemaProbe : IHostedService
    {
        private IQualityWatchDatabase? _database;

        public List<string> AppliedAtStart { get; } = [];

        public SchemaProbe Bind(IQualityWatchDatabase database)
        {
            _database = database;
            return this;
        }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var connection = await _database!.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM qw_schema_migrations ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                AppliedAtStart.Add(reader.GetString(0));
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
