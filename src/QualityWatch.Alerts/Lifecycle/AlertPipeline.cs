using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Alerts.Metrics;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Core.Text;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Lifecycle;

/// <summary>
/// The production <see cref="IFindingSink"/>: turns each evaluation pass into alert changes. One alert per incident
/// (kind + series + segment) updated as evidence grows; related alerts of one provider share an incident id; open
/// alerts resolve themselves once their series has been healthy for <see cref="AlertsOptions.AutoResolveAfter"/>.
/// Every change and its notifications are stored in one transaction (the outbox), so delivery never blocks detection.
/// </summary>
internal sealed class AlertPipeline(
    IAlertStore store,
    AlertWriteGate gate,
    NotificationComposer composer,
    ActiveAlertsMetrics metrics,
    IOptions<AlertsOptions> options,
    ILogger<AlertPipeline> logger) : IFindingSink
{
    private readonly AlertsOptions _options = options.Value;

    public async Task PublishAsync(IReadOnlyList<Finding> findings, IReadOnlyList<SeriesKey> healthySeries, DateTimeOffset evaluatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(healthySeries);
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var replicas = await store.LockAsync(AlertLockScope.Writes, cancellationToken);
        var open = await store.ListOpenAsync(cancellationToken);
        var changes = new ChangeSet();
        // Duplicates cannot arise under the lock; if an older database holds some, the oldest alert keeps the incident.
        var openByKey = open.GroupBy(a => a.DedupKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(a => a.FirstSeenAt).First(), StringComparer.Ordinal);
        var incidentByProvider = open
            .GroupBy(a => a.Provider, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.FirstSeenAt).First().IncidentId, StringComparer.Ordinal);

        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in findings.GroupBy(AlertKeys.DedupKey, StringComparer.Ordinal))
        {
            touched.Add(group.Key);
            foreach (var finding in group.OrderBy(f => f.DetectedAt))
            {
                if (openByKey.TryGetValue(group.Key, out var existing))
                {
                    openByKey[group.Key] = Update(existing, finding, evaluatedAt, changes);
                }
                else
                {
                    if (!incidentByProvider.TryGetValue(finding.Series.Provider, out var incidentId))
                    {
                        incidentId = AlertKeys.NewIncidentId();
                        incidentByProvider[finding.Series.Provider] = incidentId;
                    }

                    openByKey[group.Key] = Open(finding, group.Key, incidentId, evaluatedAt, changes);
                }
            }
        }

        var healthy = healthySeries.Select(s => s.Canonical).ToHashSet(StringComparer.Ordinal);
        foreach (var alert in openByKey.Values.ToList())
        {
            if (touched.Contains(alert.DedupKey))
            {
                continue;
            }

            var current = AlertTransitions.ExpireSilence(alert, evaluatedAt, changes, composer);
            if (healthy.Contains(current.Series))
            {
                current = Healthy(current, evaluatedAt, changes);
            }

            openByKey[alert.DedupKey] = current;
        }

        if (!changes.IsEmpty)
        {
            await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
            logger.LogInformation("Alert pass at {EvaluatedAt:O}: {Findings} findings, {Changed} alerts changed, {Queued} notifications queued",
                evaluatedAt, findings.Count, changes.Alerts.Count, changes.Outbox.Count);
        }

        metrics.Refresh(openByKey.Values.Where(a => a.IsOpen));
    }

    private Alert Open(Finding finding, string dedupKey, string incidentId, DateTimeOffset now, ChangeSet changes)
    {
        var (severity, reason) = SeverityClassifier.Classify(finding);
        var alert = new Alert(
            Id: AlertKeys.NewAlertId(),
            IncidentId: incidentId,
            DedupKey: dedupKey,
            Kind: finding.Kind,
            Severity: severity,
            State: AlertState.Firing,
            Provider: finding.Series.Provider,
            Model: finding.Series.Model,
            Operation: finding.Series.Operation,
            Suite: finding.Series.Labels.GetValueOrDefault("suite") ?? finding.Segment.GetValueOrDefault("suite"),
            Series: finding.Series.Canonical,
            SeriesLabels: new SortedDictionary<string, string>(finding.Series.Labels.ToDictionary(), StringComparer.Ordinal),
            Segment: new SortedDictionary<string, string>(finding.Segment.ToDictionary(), StringComparer.Ordinal),
            Summary: finding.Summary,
            FirstSeenAt: finding.DetectedAt,
            UpdatedAt: now,
            LastEvidenceAt: finding.DetectedAt,
            HealthySince: null,
            AcknowledgedAt: null,
            AcknowledgedBy: null,
            SilencedUntil: null,
            ResolvedAt: null,
            ResolvedBy: null,
            FindingCount: 1,
            Evidence: Evidence(finding, reason, []));
        changes.Put(alert);
        changes.Transitions.Add(new AlertTransition(alert.Id, now, null, AlertState.Firing, "detector", finding.Summary));
        changes.Outbox.AddRange(composer.Compose(alert, NotificationEvents.Firing));
        return alert;
    }

    private Alert Update(Alert alert, Finding finding, DateTimeOffset now, ChangeSet changes)
    {
        var (severity, reason) = SeverityClassifier.Classify(finding);
        // Severity only escalates within an incident: a weaker later finding does not downgrade a page.
        var escalated = severity > alert.Severity;
        var updated = alert with
        {
            Severity = escalated ? severity : alert.Severity,
            Summary = finding.Summary,
            Segment = new SortedDictionary<string, string>(finding.Segment.ToDictionary(), StringComparer.Ordinal),
            UpdatedAt = now,
            LastEvidenceAt = finding.DetectedAt > alert.LastEvidenceAt ? finding.DetectedAt : alert.LastEvidenceAt,
            HealthySince = null,
            FindingCount = alert.FindingCount + 1,
            Evidence = Evidence(finding, reason, alert.Evidence.Examples),
        };
        changes.Put(updated);
        if (escalated)
        {
            changes.Transitions.Add(new AlertTransition(alert.Id, now, alert.State, alert.State, "detector",
                $"severity {alert.Severity.Name()} → {severity.Name()}: {reason}"));
            changes.Outbox.AddRange(composer.Compose(updated, NotificationEvents.Escalated, alert.Severity));
        }

        return updated;
    }

    private Alert Healthy(Alert alert, DateTimeOffset now, ChangeSet changes)
    {
        var since = alert.HealthySince ?? now;
        if (now - since >= _options.AutoResolveAfter)
        {
            var resolved = alert with { State = AlertState.Resolved, ResolvedAt = now, ResolvedBy = "auto", HealthySince = since, SilencedUntil = null, UpdatedAt = now };
            changes.Put(resolved);
            changes.Transitions.Add(new AlertTransition(alert.Id, now, alert.State, AlertState.Resolved, "auto",
                string.Create(CultureInfo.InvariantCulture, $"series healthy since {since:O} ({now - since})")));
            changes.Outbox.AddRange(composer.Compose(resolved, NotificationEvents.Resolved));
            return resolved;
        }

        if (alert.HealthySince is null)
        {
            var healthy = alert with { HealthySince = since, UpdatedAt = now };
            changes.Put(healthy);
            return healthy;
        }

        return alert;
    }

    private AlertEvidence Evidence(Finding finding, string severityReason, IReadOnlyList<AlertExample> previous)
    {
        var fresh = finding.Examples.Select(e => new AlertExample(
            e.Timestamp, e.Title, e.Expected, e.Actual, e.Expected is null || e.Actual is null ? [] : LineDiff.Compute(e.Expected, e.Actual),
            new SortedDictionary<string, string>(e.Attributes.ToDictionary(), StringComparer.Ordinal)));
        var examples = fresh.Concat(previous)
            .DistinctBy(e => (e.Title, e.Timestamp))
            .OrderByDescending(e => e.Timestamp)
            .Take(_options.MaxExamples)
            .ToList();
        return new AlertEvidence(finding.Detector, finding.Statistic, finding.StatisticValue, finding.Threshold, finding.PValue,
            finding.LikelihoodRatio, finding.Baseline, finding.Current, finding.DetectedAt, finding.EstimatedStart, severityReason, examples);
    }
}
