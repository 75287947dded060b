using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Notifications;

/// <summary>
/// Delivers the outbox. Per receiver, messages go out in queue order; the first failure stops that receiver for this
/// pass (so "resolved" never overtakes "firing") and schedules a retry with exponential backoff, capped at
/// <see cref="AlertsOptions.RetryMaxBackoff"/> and never given up. Receivers are served concurrently, so one that is
/// down delays nobody else; detection only ever writes to the outbox and is never blocked by delivery.
/// </summary>
internal sealed class NotificationDispatcher(
    IAlertStore store,
    ReceiverCatalog receivers,
    NotificationComposer composer,
    AlertTransitions transitions,
    IHttpClientFactory httpClients,
    IOptions<AlertsOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "qualitywatch-alerts";
    private const int BatchSize = 1000;

    private readonly AlertsOptions _options = options.Value;
    private readonly SemaphoreSlim _passLock = new(1, 1);
    private PeriodicTimer? _timer;

    /// <summary>
    /// Starts the dispatch schedule at host start (ExecuteAsync runs later, on its own task): ticks fall every
    /// <see cref="AlertsOptions.DispatchInterval"/> from the start, whenever the loop gets to run.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(_options.DispatchInterval, time);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>One pass: end expired silences, queue Alertmanager re-posts that are due, deliver what is due.</summary>
    public async Task<DispatchReport> DispatchPendingAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _passLock.WaitAsync(cancellationToken);
        try
        {
            await transitions.ExpireSilencesAsync(now, cancellationToken);
            await using var replicas = await store.LockAsync(AlertLockScope.Dispatch, cancellationToken);
            var renotified = await QueueRepostsAsync(now, cancellationToken);
            var pending = await store.GetUndeliveredAsync(BatchSize, cancellationToken);
            var results = await Task.WhenAll(pending
                .GroupBy(m => m.Receiver, StringComparer.Ordinal)
                .Select(g => DeliverInOrderAsync(g.Key, g.ToList(), now, cancellationToken)));
            var delivered = results.Sum(r => r.Delivered);
            var failed = results.Sum(r => r.Failed);
            return new DispatchReport(delivered, failed, pending.Count - delivered, renotified);
        }
        finally
        {
            _passLock.Release();
        }
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        _passLock.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass waits one interval: startup (migrations, the first detection pass) goes first.
        var timer = _timer ?? throw new InvalidOperationException("the dispatcher was not started");
        try
        {
            // Fills qualitywatch_alerts_active from the store before the first scrape.
            await transitions.ExpireSilencesAsync(time.GetUtcNow(), stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            logger.LogError(exception, "Reading open alerts at start failed; the first dispatch pass retries");
        }

        while (await WaitForNextTickAsync(timer, stoppingToken))
        {
            try
            {
                await DispatchPendingAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A database hiccup must not stop notifications for good: the next tick tries again.
                logger.LogError(exception, "Notification dispatch pass failed; retrying at the next interval");
            }
        }
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<int> QueueRepostsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var alertmanagers = composer.Alertmanagers.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        if (alertmanagers.Count == 0)
        {
            return 0;
        }

        var open = await store.QueryIncidentsAsync(new IncidentQuery(Open: true, Limit: 10_000), cancellationToken);
        if (open.Count == 0)
        {
            return 0;
        }

        var activity = (await store.GetOutboxActivityAsync(open.Select(i => i.Id).ToList(), cancellationToken))
            .ToDictionary(a => (a.AlertId, a.Receiver));
        var messages = new List<OutboxMessage>();
        foreach (var incident in open)
        {
            var due = alertmanagers.Where(receiver =>
                !activity.TryGetValue((incident.Id, receiver), out var last)
                || (last.Pending == 0 && last.LastQueuedAt + _options.RenotifyInterval <= now)).ToList();
            if (due.Count > 0)
            {
                var members = await store.ListIncidentAlertsAsync(incident.Id, cancellationToken);
                if (members.Count == 0)
                {
                    continue;
                }

                messages.AddRange(composer.Compose(incident, Incidents.IncidentLedger.Lead(members), NotificationEvents.Renotify).Where(m => due.Contains(m.Receiver)));
            }
        }

        if (messages.Count > 0)
        {
            await store.SaveAsync(new AlertChanges([], [], messages), cancellationToken);
        }

        return messages.Count;
    }

    private async Task<(int Delivered, int Failed)> DeliverInOrderAsync(string receiverId, List<OutboxMessage> messages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int delivered = 0, failed = 0;
        if (!receivers.TryGet(receiverId, out var receiver))
        {
            // Kept, not dropped: the receiver may come back in the configuration.
            return (0, 0);
        }

        foreach (var message in messages)
        {
            if (message.NextAttemptAt > now)
            {
                break;
            }

            var (ok, permanent, error) = await SendAsync(receiver, message, cancellationToken);
            if (ok)
            {
                await store.MarkDeliveredAsync(message.Id, time.GetUtcNow(), cancellationToken);
                delivered++;
                continue;
            }

            failed++;
            var attempts = message.Attempts + 1;
            var backoff = TimeSpan.FromTicks(Math.Min(_options.RetryMaxBackoff.Ticks, _options.RetryInitialBackoff.Ticks * (1L << Math.Min(attempts - 1, 30))));
            await store.MarkFailedAsync(message.Id, attempts, now + backoff, error, cancellationToken);
            logger.LogWarning("Delivery of {Event} for incident {AlertId} to {Receiver} failed (attempt {Attempts}, retry in {Backoff}): {Error}",
                message.Event, message.AlertId, receiver.Url.GetLeftPart(UriPartial.Authority), attempts, backoff, error);

            // A rejected payload (4xx) would block the receiver forever; later messages still go out in order.
            if (!permanent)
            {
                break;
            }
        }

        return (delivered, failed);
    }

    private async Task<(bool Ok, bool Permanent, string Error)> SendAsync(ReceiverEndpoint receiver, OutboxMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, receiver.Url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        if (receiver.SecretEnv is { } secretEnv)
        {
            if (Environment.GetEnvironmentVariable(secretEnv) is not { Length: > 0 } secret)
            {
                return (false, false, $"webhook secret environment variable {secretEnv} is not set");
            }

            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(secret, message.Body));
        }

        request.Headers.Add("X-QualityWatch-Event", message.Event);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DeliveryTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return (true, false, string.Empty);
            }

            var status = (int)response.StatusCode;
            var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            return (false, permanent, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, false, $"timed out after {_options.DeliveryTimeout}");
        }
        catch (HttpRequestException exception)
        {
            return (false, false, exception.HttpRequestError == HttpRequestError.Unknown ? "request failed" : exception.HttpRequestError.ToString());
        }
    }
}
