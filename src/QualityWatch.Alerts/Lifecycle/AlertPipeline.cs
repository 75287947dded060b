using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Alerts.Evidence;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Alerts.Metrics;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Core.Text;

namespace QualityWatch.Alerts.Lifecycle;

/// <summary>
/// The production <see cref="IFindingSink"/>: turns each evaluation pass into alert and incident changes. One alert per
/// kind + series + segment, updated as evidence grows; alerts of one kind on one physical target (provider family +
/// model) form one incident, across suites and across canary and telemetry sources. An alert stays open while its
/// fault persists and resolves only on evidence of recovery (<see cref="AlertsOptions.RecoveryChecks"/> consecutive
/// healthy passes over at least <see cref="AlertsOptions.AutoResolveAfter"/>); a recurrence within
/// <see cref="AlertsOptions.ReopenCooldown"/> reopens it as "regressed". Every change and its notifications are stored
/// in one transaction (the outbox), so delivery never blocks detection.
/// </summary>
internal sealed class AlertPipeline(
    IAlertStore store,
    AlertWriteGate gate,
    IncidentLedger incidents,
    PhysicalTargets targets,
    SilenceMatcher silences,
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
        var incidentByKey = open
            .GroupBy(targets.IncidentKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.FirstSeenAt).First().IncidentId, StringComparer.Ordinal);
        var routingIncidents = open
            .Where(a => PhysicalTargets.IsRouting(a.Kind))
            .GroupBy(a => (targets.Family(a.Provider), a.Model))
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.FirstSeenAt).First().IncidentId);

        // Label silences cover alerts that open or regress while they last (a re-raise stays silenced).
        var activeSilences = findings.Count == 0 ? [] : await store.ListSilencesAsync(evaluatedAt, cancellationToken);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in findings.GroupBy(AlertKeys.DedupKey, StringComparer.Ordinal))
        {
            touched.Add(group.Key);
            foreach (var finding in group.OrderBy(f => f.DetectedAt))
            {
                if (openByKey.TryGetValue(group.Key, out var existing))
                {
                    openByKey[group.Key] = Update(existing, finding, evaluatedAt, changes);
                    continue;
                }

                var incidentKey = targets.IncidentKey(finding.Kind, finding.Series.Provider, finding.Series.Model);
                var target = (targets.Family(finding.Series.Provider), finding.Series.Model);
                if (!incidentByKey.ContainsKey(incidentKey) && routingIncidents.TryGetValue(target, out var routingIncident))
                {
                    // A misrouting shows in both fault classes (failed answers and a slower pool): while a routing
                    // incident is open on the model, its other symptoms join it instead of opening a second incident.
                    incidentByKey[incidentKey] = routingIncident;
                }
                var recent = await store.GetLatestResolvedAsync(group.Key, evaluatedAt - _options.ReopenCooldown, cancellationToken);
                var opened = recent is not null
                    ? Reopen(recent, finding, evaluatedAt, changes)
                    : Open(finding, group.Key, await incidents.IncidentForAsync(incidentKey, changes, incidentByKey, evaluatedAt, _options.ReopenCooldown, cancellationToken), evaluatedAt, changes);
                opened = silences.Apply(opened, activeSilences, evaluatedAt, changes);
                incidentByKey[incidentKey] = opened.IncidentId;
                if (PhysicalTargets.IsRouting(finding.Kind))
                {
                    routingIncidents.TryAdd(target, opened.IncidentId);
                }

                openByKey[group.Key] = opened;
            }
        }

        var healthy = healthySeries.Select(s => s.Canonical).ToHashSet(StringComparer.Ordinal);
        foreach (var alert in openByKey.Values.ToList())
        {
            if (touched.Contains(alert.DedupKey))
            {
                continue;
            }

            var current = AlertTransitions.ExpireSilence(alert, evaluatedAt, changes);
            // A series missing from this pass has no data: that is not recovery, and it does not break a recovery either.
            if (healthy.Contains(current.Series))
            {
                current = Healthy(current, evaluatedAt, changes);
            }

            openByKey[alert.DedupKey] = current;
        }

        await incidents.ApplyAsync(changes, evaluatedAt, cancellationToken);
        if (!changes.IsEmpty)
        {
            await store.SaveAsync(changes.ToAlertChanges(), cancellationToken);
            logger.LogInformation("Alert pass at {EvaluatedAt:O}: {Findings} findings, {Changed} alerts changed, {Incidents} incidents changed, {Queued} notifications queued",
                evaluatedAt, findings.Count, changes.Alerts.Count, changes.Incidents.Count, changes.Outbox.Count);
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
        return alert;
    }

    /// <summary>The fault came back within the cool-down: the same alert (and incident) reopens, recorded as regressed.</summary>
    private Alert Reopen(Alert resolved, Finding finding, DateTimeOffset now, ChangeSet changes)
    {
        var (severity, reason) = SeverityClassifier.Classify(finding);
        var reopened = resolved with
        {
            State = AlertState.Firing,
            Severity = severity > resolved.Severity ? severity : resolved.Severity,
            Summary = finding.Summary,
            Segment = new SortedDictionary<string, string>(finding.Segment.ToDictionary(), StringComparer.Ordinal),
            UpdatedAt = now,
            LastEvidenceAt = finding.DetectedAt,
            HealthySince = null,
            HealthyChecks = 0,
            AcknowledgedAt = null,
            AcknowledgedBy = null,
            SilencedUntil = null,
            ResolvedAt = null,
            ResolvedBy = null,
            FindingCount = resolved.FindingCount + 1,
            Evidence = Evidence(finding, reason, resolved.Evidence.Examples),
        };
        changes.Put(reopened);
        changes.Transitions.Add(new AlertTransition(resolved.Id, now, AlertState.Resolved, AlertState.Firing, "detector",
            $"regressed {EvidenceText.Duration(now - (resolved.ResolvedAt ?? now))} after it resolved: {finding.Summary}"));
        return reopened;
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
            HealthyChecks = 0,
            FindingCount = alert.FindingCount + 1,
            Evidence = Evidence(finding, reason, alert.Evidence.Examples),
        };
        changes.Put(updated);
        if (escalated)
        {
            changes.Transitions.Add(new AlertTransition(alert.Id, now, alert.State, alert.State, "detector",
                $"severity {alert.Severity.Name()} → {severity.Name()}: {reason}"));
        }

        return updated;
    }

    private Alert Healthy(Alert alert, DateTimeOffset now, ChangeSet changes)
    {
        var since = alert.HealthySince ?? now;
        var checks = alert.HealthyChecks + 1;
        if (checks >= _options.RecoveryChecks && now - since >= _options.AutoResolveAfter)
        {
            var resolved = alert with { State = AlertState.Resolved, ResolvedAt = now, ResolvedBy = "auto", HealthySince = since, HealthyChecks = checks, SilencedUntil = null, UpdatedAt = now };
            changes.Put(resolved);
            changes.Transitions.Add(new AlertTransition(alert.Id, now, alert.State, AlertState.Resolved, "auto",
                string.Create(CultureInfo.InvariantCulture, $"recovered: series back inside its pre-incident baseline for {checks} consecutive checks since {EvidenceText.Time(since)} ({EvidenceText.Duration(now - since)})")));
            return resolved;
        }

        var healthy = alert with { HealthySince = since, HealthyChecks = checks };
        changes.Put(healthy);
        return healthy;
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
