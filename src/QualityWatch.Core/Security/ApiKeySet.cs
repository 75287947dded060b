using System.Security.Cryptography;
using System.Text;

namespace QualityWatch.Core.Security;

/// <summary>
/// A set of accepted API keys (ingest or admin), compared in constant time so response timing reveals nothing
/// about a key. Keys are never logged or included in messages; <see cref="ToString"/> says only how many there are.
/// </summary>
public sealed class ApiKeySet
{
    private readonly byte[][] _keyHashes;

    private ApiKeySet(IEnumerable<string> keys) =>
        _keyHashes = keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k.Trim()))).ToArray();

    /// <summary>True when no key is configured (the caller decides whether that means "open" or "closed").</summary>
    public bool IsEmpty => _keyHashes.Length == 0;

    /// <summary>
    /// Collects keys from literal values, from environment variables named in <paramref name="environmentVariables"/>
    /// (comma-separated lists allowed) and from files (one key per line; <c>#</c> comments).
    /// </summary>
    public static ApiKeySet From(IEnumerable<string>? literalKeys, IEnumerable<string>? environmentVariables, IEnumerable<string>? files)
    {
        var keys = new List<string>(literalKeys ?? []);
        foreach (var name in environmentVariables ?? [])
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                keys.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        foreach (var file in files ?? [])
        {
            keys.AddRange(File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }

        return new ApiKeySet(keys);
    }

    /// <summary>Whether <paramref name="presented"/> is one of the keys. Every key is compared, in constant time.</summary>
    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented.Trim()));
        var match = false;
        foreach (var keyHash in _keyHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, keyHash);
        }

        return match;
    }

    /// <inheritdoc />
    public override string ToString() => $"ApiKeySet({_keyHashes.Length} keys)";
}
