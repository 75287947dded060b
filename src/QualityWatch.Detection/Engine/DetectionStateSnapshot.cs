using System.Text.Json;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// A serialised copy of the engine's state (UTF-8 JSON). Persist it after each pass (see
/// <c>SqlDetectionStateStore</c>) and restore it at start so a restart neither re-alarms nor forgets.
/// </summary>
public sealed class DetectionStateSnapshot
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private readonly byte[] _utf8Json;

    private DetectionStateSnapshot(byte[] utf8Json) => _utf8Json = utf8Json;

    /// <summary>The snapshot as UTF-8 JSON bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => _utf8Json;

    /// <summary>The snapshot as JSON text.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(_utf8Json);

    /// <summary>Reads bytes written by <see cref="Bytes"/>; throws <see cref="InvalidDataException"/> when they are not a snapshot.</summary>
    public static DetectionStateSnapshot FromBytes(ReadOnlySpan<byte> utf8Json)
    {
        var copy = utf8Json.ToArray();
        _ = Deserialize(copy);
        return new DetectionStateSnapshot(copy);
    }

    internal static DetectionStateSnapshot From(EngineState state) => new(JsonSerializer.SerializeToUtf8Bytes(state, JsonOptions));

    internal EngineState ToState() => Deserialize(_utf8Json);

    private static EngineState Deserialize(byte[] bytes)
    {
        try
        {
            var state = JsonSerializer.Deserialize<EngineState>(bytes, JsonOptions) ?? throw new InvalidDataException("The detection state snapshot is empty.");
            return state.Version == 1 ? state : throw new InvalidDataException($"Unsupported detection state version {state.Version}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The detection state snapshot is not valid JSON: " + ex.Message, ex);
        }
    }
}
