using System.Globalization;

namespace QualityWatch.Cli.Detect;

/// <summary>
/// Reads the <c>detect</c> and <c>evaluate</c> input CSV as real exports come: header names in any case, quoted fields,
/// ISO-8601 times with or without an offset, duplicate timestamps (kept, in file order), rows out of time order
/// (stable-sorted; <see cref="SeriesFile.OutOfOrderRows"/> counts them), irregular spacing, and empty or NaN values
/// (kept as <see cref="double.NaN"/>). A file that cannot be a series becomes one <see cref="CliException.Usage"/> line
/// naming the row (1-based, the header is row 1) and the problem: missing column, a value or count that is not a
/// number, a timestamp that does not parse (such a row cannot be placed in time, and dropping it would break the
/// one-output-row-per-input-row promise), passed &gt; total, a label other than 0/1, no data rows, no numeric value.
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
        int label = columns.IndexOf("label");
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

        int needed = new[] { timestamp, value, passed, total, label }.Max() + 1;
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
            if (fields.Count < needed)
            {
                throw CliException.Usage($"{name} row {rowNumber}: expected at least {needed} fields, found {fields.Count}");
            }

            string timeText = fields[timestamp].Trim();
            var time = ParseTime(timeText) ?? throw CliException.Usage($"{name} row {rowNumber}: '{timeText}' is not a timestamp (use ISO-8601 or yyyy-MM-dd HH:mm:ss)");
            bool isLabelled = label >= 0 && ParseLabel(fields[label], name, rowNumber);
            int inputIndex = rows.Count;
            if (passFail)
            {
                if (string.IsNullOrWhiteSpace(fields[passed]) && string.IsNullOrWhiteSpace(fields[total]))
                {
                    rows.Add(new SeriesRow(timeText, time, double.NaN, 0, 0, inputIndex, isLabelled));
                    continue;
                }

                long p = ParseCount(fields[passed], "passed", name, rowNumber);
                long t = ParseCount(fields[total], "total", name, rowNumber);
                if (p > t)
                {
                    throw CliException.Usage($"{name} row {rowNumber}: passed ({p}) exceeds total ({t})");
                }

                rows.Add(new SeriesRow(timeText, time, t == 0 ? double.NaN : p / (double)t, p, t, inputIndex, isLabelled));
            }
            else
            {
                rows.Add(new SeriesRow(timeText, time, ParseValue(fields[value], name, rowNumber), null, null, inputIndex, isLabelled));
            }
        }

        if (rows.Count == 0)
        {
            throw CliException.Usage($"{name}: no data rows after the header");
        }

        if (!passFail && rows.TrueForAll(r => double.IsNaN(r.Value)))
        {
            throw CliException.Usage($"{name}: no number in column 'value' (all {rows.Count} rows are empty or NaN)");
        }

        int outOfOrder = CountOutOfOrder(rows);

        // OrderBy is a stable sort: rows with the same timestamp keep their file order.
        IReadOnlyList<SeriesRow> ordered = outOfOrder == 0 ? rows : [.. rows.OrderBy(r => r.Timestamp)];
        return new SeriesFile(ordered, passFail, outOfOrder, label >= 0);
    }

    /// <summary>
    /// The fewest rows that would have to move to put the file in time order: rows minus the longest run-in-order
    /// subsequence (non-decreasing, so duplicates are in order). One late row counts 1, not every row after it.
    /// </summary>
    internal static int CountOutOfOrder(IReadOnlyList<SeriesRow> rows)
    {
        // Patience sorting: tails[k] is the smallest last timestamp of an in-order subsequence of length k + 1.
        var tails = new List<DateTimeOffset>();
        foreach (var row in rows)
        {
            int lo = 0;
            int hi = tails.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (tails[mid] <= row.Timestamp)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            if (lo == tails.Count)
            {
                tails.Add(row.Timestamp);
            }
            else
            {
                tails[lo] = row.Timestamp;
            }
        }

        return rows.Count - tails.Count;
    }

    /// <summary>Empty and NaN mean "no measurement" (exports write gaps this way); any other text must be a finite number.</summary>
    private static double ParseValue(string field, string name, int row)
    {
        string text = field.Trim();
        if (text.Length == 0 || text.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw CliException.Usage($"{name} row {row}: '{text}' is not a number in column 'value'");
    }

    private static bool ParseLabel(string field, string name, int row) => field.Trim() switch
    {
        "" or "0" => false,
        "1" => true,
        var text => throw CliException.Usage($"{name} row {row}: '{text}' is not 0 or 1 in column 'label'"),
    };

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
