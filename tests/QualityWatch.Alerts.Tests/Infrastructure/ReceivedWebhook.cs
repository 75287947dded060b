using System.Text.Json;

namespace QualityWatch.Alerts.Tests.Infrastructure;

/// <summary>One webhook request that passed the signature check.</summary>
internal sealed record ReceivedWebhook(string Event, JsonElement Body);
