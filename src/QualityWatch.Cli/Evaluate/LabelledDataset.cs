namespace QualityWatch.Cli.Evaluate;

/// <summary>
/// Finds the CSVs of a labelled dataset laid out one sub-folder per domain (the Cloud Monitoring Dataset's layout).
/// CSVs directly in the folder form a domain named after the folder; metadata files (<c>*-metadata.json</c>) are not CSVs
/// and so are never read.
/// </summary>
internal static class LabelledDataset
{
    public static IReadOnlyList<LabelledFile> Find(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw CliException.Usage($"--dataset: folder not found: {directory}");
        }

        string root = Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*.csv", SearchOption.AllDirectories)
            .Select(path =>
            {
                string relative = Path.GetRelativePath(root, Path.GetDirectoryName(path)!);
                string domain = relative == "." ? new DirectoryInfo(root).Name : relative.Replace(Path.DirectorySeparatorChar, '/');
                return new LabelledFile(domain, path);
            })
            .OrderBy(f => f.Domain, StringComparer.Ordinal)
            .ThenBy(f => Path.GetFileName(f.Path), StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw CliException.Usage($"--dataset: no .csv file in {directory} or its sub-folders");
        }

        return files;
    }
}
