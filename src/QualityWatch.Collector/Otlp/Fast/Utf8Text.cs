using System.Text;
using System.Text.Unicode;

namespace QualityWatch.Collector.Otlp.Fast;

/// <summary>UTF-8 checks on encoded strings, equal to what the mapper checks on Google.Protobuf's decoded strings.</summary>
internal static class Utf8Text
{
    /// <summary>
    /// True when the bytes decode without any U+FFFD: valid UTF-8 that does not itself encode U+FFFD. Google.Protobuf
    /// turns invalid UTF-8 into U+FFFD, and the mapper rejects strings containing it, so both paths agree.
    /// </summary>
    public static bool IsCleanUtf8(ReadOnlySpan<byte> bytes) => Ascii.IsValid(bytes) || (Utf8.IsValid(bytes) && bytes.IndexOf("\uFFFD"u8) < 0);
}
