using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QualityWatch.Alerts.Apis;
using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Alerts.Pages;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Tests.Infrastructure;

/// <summary>
/// A real Kestrel app on 127.0.0.1:0 wired the way the collector wires alerts: AddQualityWatchAlerts + MapAlertsApi +
/// MapReviewPages, on a SQLite file in a temp folder. The background dispatcher is slowed to an hour so tests drive it.
/// </summary>
internal sealed class AlertsApp : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-7f3a";

    private readonly WebApplication _app;
    private readonly string _directory;

    private AlertsApp(WebApplication app, string directory, Uri baseAddress)
    {
        _app = app;
        _directory = directory;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public IFindingSink Sink => Services.GetRequiredService<IFindingSink>();

    public IAlertStore Store => Services.GetRequiredService<IAlertStore>();

    public NotificationDispatcher Dispatcher => Services.GetRequiredService<NotificationDispatcher>();

    public AlertTransitions Transitions => Services.GetRequiredService<AlertTransitions>();

    public static async Task<AlertsApp> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var directory = Directory.CreateTempSubdirectory("qw-alerts-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var defaults = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:Path"] = Path.Combine(directory, "qw.db"),
            ["Alerts:DispatchInterval"] = "01:00:00",
            ["Alerts:AutoResolveAfter"] = "00:10:00",
            ["Alerts:RetryInitialBackoff"] = "00:00:01",
            ["Alerts:RetryMaxBackoff"] = "00:00:30",
            ["Alerts:DeliveryTimeout"] = "00:00:05",
            ["Alerts:MaxExamples"] = "3",
            ["Security:AdminKeys:0"] = AdminKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Services.AddQualityWatchAlertStore().AddQualityWatchAlerts(builder.Configuration);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapAlertsApi();
        app.MapIncidentsApi();
        app.MapReviewPages();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AlertsApp(app, directory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL for a moment; the temp folder is disposable.
        }
    }
}
