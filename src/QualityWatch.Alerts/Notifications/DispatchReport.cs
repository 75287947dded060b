namespace QualityWatch.Alerts.Notifications;

/// <summary>What one dispatch pass did.</summary>
internal sealed record DispatchReport(int Delivered, int Failed, int StillPending, int Renotified);
