using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Cli.Serve;
using QualityWatch.Core.Alerts;
using QualityWatch.Storage;

namespace QualityWatch.Cli.Tests.Serve;

/// <summary><c>serve</c>'s one composition (which the demo uses too): options checked at start, one database migrated at start.</summary>
public sealed class ServeCompositionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-serve-composition-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Start_EveryModule_SharesOneDatabase_WithEveryModulesTablesMigratedAtStart()
    {
        IServiceCollection? services = null;
        await using var app = ServeComposition.Build(Configuration([]), ServeSchedule.Timers, builder =>
        {
            builder.Logging.ClearProviders();
            services = builder.Services;
        });

        await app.StartAsync();

        Assert.Single(services!, d => d.ServiceType == typeof(IQualityWatchDatabase));
        var migrations = await MigrationsAsync(app.Services.GetRequiredService<IQualityWatchDatabase>());
        Assert.Contains("alerts-0001", migrations);
        Assert.Contains("canaries-0001", migrations);
        Assert.Contains("detection-0001", migrations);
        Assert.Contains("telemetry-0001", migrations);
        Assert.Empty(await app.Services.GetRequiredService<IAlertStore>().ListOpenAsync(CancellationToken.None));
        Assert.Contains(app.Services.GetServices<IHostedService>(), s => s is DetectionService);
        await app.StopAsync();
    }

    [Fact]
    public async Task Build_SteppedByCaller_RunsNoDetectionTimer()
    {
        await using var app = ServeComposition.Build(Configuration([]), ServeSchedule.SteppedByCaller, builder => builder.Logging.ClearProviders());

        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s is DetectionService);
        Assert.NotNull(app.Services.GetRequiredService<DetectionPasses>());
    }

    [Theory]
    [InlineData("Detection:QualityArl0", "1", "Detection.QualityArl0 must be in [10, 1e8]. (it is 1)")]
    [InlineData("Detection:StateSaveIntervalMinutes", "0", "Detection.StateSaveIntervalMinutes must be in [1, 1440]. (it is 0)")]
    [InlineData("Canaries:IntervalSeconds", "0", "canaries.interval_seconds must be > 0 (it is 0)")]
    [InlineData("Alerts:RecoveryChecks", "0", "alerts.recovery_checks")]
    [InlineData("Storage:Provider", "oracle", "storage.provider must be 'sqlite' or 'postgres', not 'oracle'")]
    public async Task Start_BadSetting_FailsWithOneLineNamingIt(string key, string value, string message)
    {
        await using var app = ServeComposition.Build(Configuration(new() { [key] = value }), ServeSchedule.Timers, builder => builder.Logging.ClearProviders());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(Path.Combine(_directory, "qw.db")), "options are checked before the database is opened");
    }

    [Fact]
    public async Task Start_ProvidersWithoutAnySuite_FailsNamingWhereItLooked()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "no-suites")).FullName;
        await using var app = ServeComposition.Build(
            Configuration(new()
            {
                ["Providers:0:Name"] = "openai-prod",
                ["Providers:0:Kind"] = "openai",
                ["Providers:0:Model"] = "gpt-4o-mini",
                ["Providers:0:BaseUrl"] = "http://127.0.0.1:9/v1",
                ["Canaries:Suites:0"] = empty,
            }),
            ServeSchedule.Timers,
            builder => builder.Logging.ClearProviders());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Equal($"providers are configured but no valid canary suite was found in {empty}", error.Message);
    }

    [Fact]
    public async Task Serve_BadDetectionSetting_ExitsTwoWithOneLine()
    {
        var config = Path.Combine(_directory, "qualitywatch.yaml");
        await File.WriteAllTextAsync(config, $"""
            storage:
              path: {Path.Combine(_directory, "qw.db")}
            collector:
              listen_address: 127.0.0.1
              http_port: 0
              grpc_port: 0
            detection:
              quality_arl0: 1
            """);
        var stderr = new StringWriter();

        var exitCode = await CliApplication.RunAsync(["serve", "--config", config], new CliConsole(new StringWriter(), stderr), CancellationToken.None);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        // Refused as the file is read, at the key's line, before anything starts.
        Assert.Contains($"{config}:8:3: 'detection.quality_arl0': Detection.QualityArl0 must be in [10, 1e8].", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
    }

    private IConfigurationRoot Configuration(Dictionary<string, string?> settings) => ServeTestData.ServeConfiguration(_directory, settings);

    private static async Task<List<string>> MigrationsAsync(IQualityWatchDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM qw_schema_migrations";
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
