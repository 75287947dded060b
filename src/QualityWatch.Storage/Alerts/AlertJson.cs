using System.Text.Json;
using System.Text.Json.Serialization;

namespace QualityWatch.Storage.Alerts;

/// <summary>JSON settings for evidence, segments and labels stored in alert columns.</summary>
internal static class AlertJson
{
    // Likelihood ratios can be +∞ and intervals NaN; store them rather than fail the whole write.
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"stored alert JSON was null for {typeof(T).Name}");
}
