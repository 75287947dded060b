using System.Globalization;
using System.Text;

namespace QualityWatch.Canaries.Running;

/// <summary>
/// The session identities canary calls are sent under, and which call gets which. Identities are derived from the
/// provider name and an index (<c>qw-canary-{provider}-{index}</c>): stable across rounds and restarts, so a provider
/// that routes sticky per session keeps routing each one the same way, and never secret.
/// </summary>
/// <remarks>
/// A call's session is (stable ordinal of its case + round + repeat) mod N: every case visits every session once in
/// any N consecutive rounds, so a session's share of the failures is not confounded with the difficulty of the cases
/// it happened to get — the detection engine tests that share against the session's share of the checks.
/// </remarks>
public static class CanarySessions
{
    /// <summary>Sessions per provider unless configured: enough that a sticky fault touching a few percent of sessions
    /// hits one early, few enough that each still gets a couple of dozen checks an hour at a round of 60 cases every
    /// ten minutes.</summary>
    public const int DefaultCount = 16;

    /// <summary>Most sessions per provider.</summary>
    public const int MaxCount = 1024;

    /// <summary>The identity of session <paramref name="index"/> of <paramref name="provider"/>.</summary>
    public static string Identity(string provider, int index)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return string.Create(CultureInfo.InvariantCulture, $"qw-canary-{provider}-{index:D2}");
    }

    /// <summary>The session of one call; null when <paramref name="count"/> is 0 or 1 (sessions off).</summary>
    public static string? For(string provider, string suite, string caseId, int round, int repeat, int count)
    {
        if (count <= 1)
        {
            return null;
        }

        long slot = (CaseOrdinal(suite, caseId) + (long)round + repeat) % count;
        return Identity(provider, (int)slot);
    }

    // FNV-1a of "suite/case": string.GetHashCode differs between processes, and the assignment must not.
    private static uint CaseOrdinal(string suite, string caseId)
    {
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(suite + "/" + caseId))
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }
}
