using System.Reflection;

namespace QualityWatch.Alerts.Pages;

/// <summary>The runbooks of docs/runbooks, embedded in the assembly so the collector can serve them with no docs site.</summary>
internal static class RunbookLibrary
{
    /// <summary>The markdown of the runbook for <paramref name="kind"/>, or null when there is none.</summary>
    public static string? Find(string kind)
    {
        if (string.IsNullOrEmpty(kind) || kind.Length > 64 || !kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return null;
        }

        using var stream = typeof(RunbookLibrary).Assembly.GetManifestResourceStream($"runbooks/{kind}.md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The kinds with a runbook.</summary>
    public static IEnumerable<string> Kinds() => typeof(RunbookLibrary).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("runbooks/", StringComparison.Ordinal))
        .Select(n => Path.GetFileNameWithoutExtension(n["runbooks/".Length..]));
}
