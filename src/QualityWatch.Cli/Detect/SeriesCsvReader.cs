using System.Globalization;

namespace QualityWatch.Cli.Detect;

/// <summary>
/// Reads the <c>detect</c> input CSV. Every problem becomes one <see cref="CliException.Usage"/> line naming the row
/// (1-based, the header is row 1) and the problem: missing column, unparsable number or time, unsorted or duplicate
/// timestamps, passed &gt; total.
/// </summary>
internal static class SeriesCsvReader
{
    private static readonly string[] ExactFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm"];

    public static SeriesFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw CliException.Usage($"--input: file not found: {path}");
        }

        string name = Path.GetFileName(path);
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw CliException.Usage($"{name}: empty file; expected a header 'timestamp,value' or 'timestamp,passed,total'");
        }

        var columns = Split(header.TrimStart('\uFEFF')).Select(c => c.Trim().ToLowerInvariant()).ToList();
        int timestamp = columns.IndexOf("timestamp");
        int value = columns.IndexOf("value");
        int passed = columns.IndexOf("passed");
        int total = columns.IndexOf("total");
        if (timestamp < 0)
        {
            throw CliException.Usage($"{name} row 1: missing column 'timestamp' (header: {header.Trim()})");
        }

        bool passFail = value < 0;
        if (passFail && (passed < 0 || total < 0))
        {
            string missing = passed < 0 && total < 0 ? "'value' (or 'passed' and 'total')" : passed < 0 ? "'passed'" : "'total'";
            throw CliException.Usage($"{name} row 1: missing column {missing} (header: {header.Trim()})");
        }

        var rows = new List<SeriesRow>();
        int rowNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            rowNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = Split(line);
            int needed = new[] { timestamp, value, passed, total }.Max() + 1;
            if (fields.Count < needed)
            {
                throw CliException.Usage($"{name} row {rowNumber}: expected at least {needed} fields, found {fields.Count}");
            }

            string timeText = fields[timestamp].Trim();
            var time = ParseTime(timeText) ?? throw CliException.Usage($"{name} row {rowNumber}: '{timeText}' is not a timestamp (use ISO-8601 or yyyy-MM-dd HH:mm:ss)");
            if (rows.Count > 0)
            {
                var previous = rows[^1].Timestamp;
                if (time == previous)
                {
                    throw CliException.Usage($"{name} row {rowNumber}: duplicate timestamp '{timeText}'");
                }

                if (time < previous)
                {
                    throw CliException.Usage($"{name} row {rowNumber}: timestamp '{timeText}' is earlier than the previous row's (rows must be sorted)");
                }
            }

            if (passFail)
            {
                long p = ParseCount(fields[passed], "passed", name, rowNumber);
                long t = ParseCount(fields[total], "total", name, rowNumber);
                if (p > t)
                {
                    throw CliException.Usage($"{name} row {rowNumber}: passed ({p}) exceeds total ({t})");
                }

                rows.Add(new SeriesRow(timeText, time, t == 0 ? double.NaN : p / (double)t, p, t));
            }
            else
            {
                string text = fields[value].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                {
                    throw CliException.Usage($"{name} row {rowNumber}: '{text}' is not a number in column 'value'");
                }

                rows.Add(new SeriesRow(timeText, time, v, null, null));
            }
        }

        if (rows.Count == 0)
        {
            throw CliException.Usage($"{name}: no data rows after the header");
        }

        return new SeriesFile(rows, passFail);
    }

    private static long ParseCount(string field, string column, string name, int row)
    {
        string text = field.Trim();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n >= 0
            ? n
            : throw CliException.Usage($"{name} row {row}: '{text}' is not a non-negative integer in column '{column}'");
    }

    internal static DateTimeOffset? ParseTime(string text)
    {
        if (DateTimeOffset.TryParseExact(text, ExactFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact))
        {
            return exact;
        }

        // ISO-8601: a date, 'T', a time, optionally an offset or Z.
        if (text.Length >= 10 && text[4] == '-' && text[7] == '-' && (text.Length == 10 || text[10] == 'T')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
        {
            return iso;
        }

        return null;
    }

    /// <summary>Splits one CSV line; fields may be double-quoted with "" for a quote.</summary>
    internal static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
