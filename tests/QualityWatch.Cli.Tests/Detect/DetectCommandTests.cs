using System.Globalization;

namespace QualityWatch.Cli.Tests.Detect;

public sealed class DetectCommandTests : IDisposable
{
    private const string Header = "timestamp,value,score,anomaly,changepoint";
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-detect-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exitCode = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static string NumericCsv(IEnumerable<double> values, bool iso = true) =>
        "timestamp,value,note\n" + string.Concat(values.Select((v, i) =>
        {
            var t = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i);
            string ts = iso ? t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            return $"{ts},{v.ToString(CultureInfo.InvariantCulture)},ignored\n";
        }));

    private static List<string[]> Rows(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Header, lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToList();
    }

    private static double[] GoldenSpike() => [.. Enumerable.Repeat(5.0, 20), 10.0, .. Enumerable.Repeat(5.0, 5)];

    [Theory]
    [InlineData("sr-batch")]
    [InlineData("auto")]
    public async Task Detect_SpikeAfterFlatSeries_FlagsOnlyRow20(string detector)
    {
        string input = Write("spike.csv", NumericCsv(GoldenSpike()));

        var (exitCode, output, error) = await RunAsync("detect", "--input", input, "--detector", detector);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var rows = Rows(output);
        Assert.Equal(26, rows.Count);
        Assert.Equal([20], rows.Select((r, i) => (r, i)).Where(t => t.r[3] == "1").Select(t => t.i));
        Assert.Equal("2026-11-01T00:20:00Z", rows[20][0]);
        Assert.Equal("10", rows[20][1]);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("sr")]
    [InlineData("sr-batch")]
    [InlineData("iid-spike")]
    [InlineData("iid-changepoint")]
    [InlineData("ssa-spike")]
    [InlineData("ssa-changepoint")]
    [InlineData("cusum")]
    [InlineData("level-drift")]
    public async Task Detect_EveryDetector_WritesOneRowPerInputRowWithScoresInUnitInterval(string detector)
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 240).Select(i => (i < 160 ? 10.0 : 16.0) + random.NextDouble() + (3 * Math.Sin(2 * Math.PI * i / 10))).ToArray();
        string input = Write("series.csv", NumericCsv(values, iso: false));
        string outputPath = Path.Combine(_directory, "out.csv");

        var (exitCode, stdout, _) = await RunAsync("detect", "--input", input, "--detector", detector, "--output", outputPath);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stdout);
        var rows = Rows(File.ReadAllText(outputPath));
        Assert.Equal(values.Length, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.InRange(double.Parse(r[2], CultureInfo.InvariantCulture), 0.0, 1.0);
            Assert.Contains(r[3], new[] { "0", "1" });
            Assert.Contains(r[4], new[] { "0", "1" });
        });
        Assert.Equal("2026-11-01 00:00:00", rows[0][0]);
    }

    [Fact]
    public async Task Detect_PassFailCountsDropFrom95To80_CusumFlagsAChangeAfterTheDropOnly()
    {
        var random = new Random(3);
        var lines = new List<string> { "timestamp,passed,total" };
        for (int i = 0; i < 300; i++)
        {
            double rate = i < 200 ? 0.95 : 0.80;
            int passed = Enumerable.Range(0, 20).Count(_ => random.NextDouble() < rate);
            lines.Add($"2026-11-01T{i / 60:00}:{i % 60:00}:00Z,{passed},20");
        }

        string input = Write("canary.csv", string.Join('\n', lines) + "\n");
        var (exitCode, output, _) = await RunAsync("detect", "--input", input);

        Assert.Equal(0, exitCode);
        var rows = Rows(output);
        Assert.Equal(300, rows.Count);
        var changes = rows.Select((r, i) => (r, i)).Where(t => t.r[4] == "1").Select(t => t.i).ToList();
        Assert.NotEmpty(changes);
        Assert.InRange(changes[0], 200, 230);
    }

    [Fact]
    public async Task Detect_LevelDriftOnALatencyCreepingToTwiceOverADay_FlagsOneChangeHoursIntoTheCreepAndSkipsZeroRows()
    {
        // Per-minute latency, ±12 % noise, a zero (an idle minute) before the creep, then +100 % over 24 h from hour 9.
        var random = new Random(5);
        var values = Enumerable.Range(0, 18 * 60).Select(i =>
            i == 300 ? 0 : 0.8 * (1 + (Math.Max(0, i - 540) / 1440.0)) * Math.Exp(0.12 * ((random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2))).ToArray();
        string input = Write("creep.csv", NumericCsv(values));

        var (exitCode, output, _) = await RunAsync("detect", "--input", input, "--detector", "level-drift");

        Assert.Equal(0, exitCode);
        var rows = Rows(output);
        var changes = rows.Select((r, i) => (r, i)).Where(t => t.r[4] == "1").Select(t => t.i).ToList();
        var change = Assert.Single(changes);
        Assert.InRange(change, 540 + 60, 540 + 240);
        Assert.Equal("0", rows[300][4]);
    }

    [Fact]
    public async Task Detect_LevelDriftOnASeriesWithoutAPositiveValue_ExitsTwoNamingWhy()
    {
        string input = Write("zeros.csv", NumericCsv(Enumerable.Repeat(0.0, 50)));

        var (exitCode, _, error) = await RunAsync("detect", "--input", input, "--detector", "level-drift");

        Assert.Equal(2, exitCode);
        Assert.Contains("level-drift needs positive values", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_ConstantSeries_RaisesNothing()
    {
        string input = Write("flat.csv", NumericCsv(Enumerable.Repeat(3.0, 100)));

        var (exitCode, output, _) = await RunAsync("detect", "--input", input);

        Assert.Equal(0, exitCode);
        Assert.All(Rows(output), r => Assert.True(r[3] == "0" && r[4] == "0"));
    }

    [Theory]
    [InlineData("time,value\n2026-11-01T00:00:00Z,1\n", "row 1: missing column 'timestamp'")]
    [InlineData("timestamp,val\n2026-11-01T00:00:00Z,1\n", "row 1: missing column 'value'")]
    [InlineData("timestamp,passed\n2026-11-01T00:00:00Z,1\n", "row 1: missing column 'total'")]
    [InlineData("timestamp,value\n2026-11-01T00:00:00Z,1\n2026-11-01T00:01:00Z,abc\n", "row 3: 'abc' is not a number")]
    [InlineData("timestamp,value\n2026-11-01T00:00:00Z,1\nyesterday,2\n", "row 3: 'yesterday' is not a timestamp")]
    [InlineData("timestamp,value\n2026-11-01T00:00:00Z,1\n2026-11-01T00:01:00Z,Infinity\n", "row 3: 'Infinity' is not a number in column 'value'")]
    [InlineData("timestamp,value\n2026-11-01T00:00:00Z,1\n,2\n", "row 3: '' is not a timestamp")]
    [InlineData("timestamp,value\nyesterday,1\ntoday,2\n", "row 2: 'yesterday' is not a timestamp")]
    [InlineData("timestamp,value\n2026-11-01T00:00:00Z,\n2026-11-01T00:01:00Z,NaN\n", "no number in column 'value' (all 2 rows are empty or NaN)")]
    [InlineData("timestamp,value,label\n2026-11-01T00:00:00Z,1,yes\n", "row 2: 'yes' is not 0 or 1 in column 'label'")]
    [InlineData("timestamp,value,label\n2026-11-01T00:00:00Z,1\n", "row 2: expected at least 3 fields, found 2")]
    [InlineData("timestamp,passed,total\n2026-11-01T00:00:00Z,5,4\n", "row 2: passed (5) exceeds total (4)")]
    [InlineData("timestamp,passed,total\n2026-11-01T00:00:00Z,-1,4\n", "row 2: '-1' is not a non-negative integer in column 'passed'")]
    [InlineData("timestamp,value\n", "no data rows")]
    public async Task Detect_BadInput_ExitsTwoWithOneLineNamingRowAndProblem(string content, string expected)
    {
        string input = Write("bad.csv", content);

        var (exitCode, output, error) = await RunAsync("detect", "--input", input);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static string Minute(int i) =>
        new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Csv(IEnumerable<(string Timestamp, string Value)> rows) =>
        "timestamp,value\n" + string.Concat(rows.Select(r => $"{r.Timestamp},{r.Value}\n"));

    private static (string Timestamp, string Value)[] GoldenSpikeRows() =>
        [.. GoldenSpike().Select((v, i) => (Minute(i), v.ToString(CultureInfo.InvariantCulture)))];

    [Fact]
    public async Task Detect_DuplicateTimestamps_KeepsEveryRowInFileOrderWithoutWarning()
    {
        var rows = GoldenSpikeRows();
        rows[5] = (rows[4].Timestamp, "5.5");
        rows[6] = (rows[4].Timestamp, "4.5");
        string input = Write("duplicates.csv", Csv(rows));

        // sr-batch: on 26 rows auto's tail is not learned yet and only Chebyshev's bound speaks, which a 10-resolution
        // spike does not pass; this test is about the rows, not the detector.
        var (exitCode, output, error) = await RunAsync("detect", "--input", input, "--detector", "sr-batch");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var written = Rows(output);
        Assert.Equal(rows.Select(r => r.Timestamp), written.Select(r => r[0]));
        Assert.Equal(["5", "5.5", "4.5"], written.Skip(4).Take(3).Select(r => r[1]));
        Assert.Equal([20], written.Select((r, i) => (r, i)).Where(t => t.r[3] == "1").Select(t => t.i));
    }

    [Fact]
    public async Task Detect_RowsOutOfOrder_ScoresInTimeOrderWritesInputOrderAndWarnsOnceWithTheCount()
    {
        // The spike (row 20) and five more rows moved to the top: in time order it is still the golden spike.
        var sorted = GoldenSpikeRows();
        var shuffled = sorted.Skip(20).Concat(sorted.Take(20)).ToArray();
        string input = Write("shuffled.csv", Csv(shuffled));

        var (exitCode, output, error) = await RunAsync("detect", "--input", input);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            "qualitywatch: warning: shuffled.csv: 6 rows were out of time order; scored in time order, written in input order\n",
            error.ReplaceLineEndings("\n"));
        var written = Rows(output);
        Assert.Equal(shuffled.Select(r => r.Timestamp), written.Select(r => r[0]));
        Assert.Equal(shuffled.Select(r => r.Value), written.Select(r => r[1]));
        Assert.Equal([0], written.Select((r, i) => (r, i)).Where(t => t.r[3] == "1").Select(t => t.i));
        Assert.Equal("10", written[0][1]);
    }

    [Fact]
    public async Task Detect_OneRowOutOfOrder_WarnsInTheSingular()
    {
        var rows = GoldenSpikeRows();
        (rows[10], rows[11]) = (rows[11], rows[10]);
        string input = Write("swapped.csv", Csv(rows));

        var (exitCode, _, error) = await RunAsync("detect", "--input", input);

        Assert.Equal(0, exitCode);
        Assert.Contains("swapped.csv: 1 row was out of time order", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_RowsOutOfOrderInAFileTheDetectorRefuses_PrintsOnlyTheOneErrorLine()
    {
        string input = Write("short.csv", Csv([(Minute(2), "3"), (Minute(0), "1"), (Minute(1), "2")]));

        var (exitCode, _, error) = await RunAsync("detect", "--input", input, "--detector", "sr-batch");

        Assert.Equal(2, exitCode);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("at least 12 rows", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("sr")]
    [InlineData("sr-batch")]
    [InlineData("iid-spike")]
    [InlineData("iid-changepoint")]
    [InlineData("ssa-spike")]
    [InlineData("ssa-changepoint")]
    [InlineData("cusum")]
    public async Task Detect_EmptyAndNaNValues_KeepsTheRowsUnscoredAndScoresTheRest(string detector)
    {
        var random = new Random(11);
        var rows = Enumerable.Range(0, 240)
            .Select(i => (Minute(i), (10 + random.NextDouble() + (3 * Math.Sin(2 * Math.PI * i / 10))).ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        int[] gaps = [0, 50, 51, 120, 239];
        foreach (int i in gaps)
        {
            rows[i] = (rows[i].Item1, i % 2 == 0 ? string.Empty : "NaN");
        }

        string input = Write("gaps.csv", Csv(rows));

        var (exitCode, output, error) = await RunAsync("detect", "--input", input, "--detector", detector);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var written = Rows(output);
        Assert.Equal(240, written.Count);
        Assert.All(gaps, i => Assert.Equal(["", "", "0", "0"], written[i][1..]));
        Assert.All(written.Where((_, i) => !gaps.Contains(i)), r => Assert.InRange(double.Parse(r[2], CultureInfo.InvariantCulture), 0.0, 1.0));
    }

    [Fact]
    public async Task Detect_EmptyValueNextToASpike_StillFlagsTheSpikeOnly()
    {
        var rows = GoldenSpikeRows();
        rows[19] = (rows[19].Timestamp, string.Empty);
        string input = Write("gap-before-spike.csv", Csv(rows));

        var (exitCode, output, _) = await RunAsync("detect", "--input", input);

        Assert.Equal(0, exitCode);
        Assert.Equal([20], Rows(output).Select((r, i) => (r, i)).Where(t => t.r[3] == "1").Select(t => t.i));
    }

    [Fact]
    public async Task Detect_PassFailRowWithTotalZero_IsWrittenUnscored()
    {
        var lines = Enumerable.Range(0, 40).Select(i => $"{Minute(i)},{(i == 7 ? "0,0" : "19,20")}");
        string input = Write("canary.csv", "timestamp,passed,total\n" + string.Join('\n', lines) + "\n");

        var (exitCode, output, _) = await RunAsync("detect", "--input", input);

        Assert.Equal(0, exitCode);
        var written = Rows(output);
        Assert.Equal(["", "", "0", "0"], written[7][1..]);
        Assert.NotEqual(string.Empty, written[8][2]);
    }

    [Fact]
    public async Task Detect_QuotedHeaderInAnyCaseAndQuotedZonedTimestamps_AreReadAsInstants()
    {
        // 01:00+02:00 is 23:00Z the day before: the third row is the earliest instant although it sorts last as text.
        string input = Write("zoned.csv",
            "\"TimeStamp\",\"VALUE\"\n" +
            "\"2018-06-17T00:00:00Z\",\"1\"\n" +
            "\"2018-06-17T00:30:00.000Z\",2\n" +
            "\"2018-06-17T01:00:00+02:00\",3\n" +
            "2018-06-17T03:00:00-01:00,4\n");

        var (exitCode, output, error) = await RunAsync("detect", "--input", input, "--detector", "cusum");

        Assert.Equal(0, exitCode);
        Assert.Contains("zoned.csv: 1 row was out of time order", error, StringComparison.Ordinal);
        var written = Rows(output);
        Assert.Equal(
            ["2018-06-17T00:00:00Z", "2018-06-17T00:30:00.000Z", "2018-06-17T01:00:00+02:00", "2018-06-17T03:00:00-01:00"],
            written.Select(r => r[0]));
        Assert.Equal(["1", "2", "3", "4"], written.Select(r => r[1]));
    }

    [Fact]
    public async Task Detect_IrregularSpacing_ScoresRowsByPositionAndFlagsTheSpike()
    {
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        int[] gapsInMinutes = [1, 7, 60, 1, 1, 13];
        var time = start;
        var rows = GoldenSpike().Select((v, i) =>
        {
            time = time.AddMinutes(gapsInMinutes[i % gapsInMinutes.Length]);
            return (time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), v.ToString(CultureInfo.InvariantCulture));
        }).ToArray();
        string input = Write("irregular.csv", Csv(rows));

        var (exitCode, output, error) = await RunAsync("detect", "--input", input);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Equal([20], Rows(output).Select((r, i) => (r, i)).Where(t => t.r[3] == "1").Select(t => t.i));
    }

    [Fact]
    public async Task Detect_LabelColumn_IsIgnoredForScoring()
    {
        var rows = GoldenSpikeRows();
        string plain = Write("plain.csv", Csv(rows));
        string labelled = Write("labelled.csv",
            "TimeStamp,Value,Label\n" + string.Concat(rows.Select((r, i) => $"{r.Timestamp},{r.Value},{(i is >= 3 and < 6 ? "1" : i % 2 == 0 ? "0" : "")}\n")));

        var (plainExit, plainOutput, _) = await RunAsync("detect", "--input", plain);
        var (labelledExit, labelledOutput, labelledError) = await RunAsync("detect", "--input", labelled);

        Assert.Equal(0, plainExit);
        Assert.Equal(0, labelledExit);
        Assert.Equal(string.Empty, labelledError);
        Assert.Equal(plainOutput, labelledOutput);
    }

    [Fact]
    public async Task Detect_CloudMonitoringCrashRateFile_WithDuplicatesAndEmptyValues_WritesEveryRowInInputOrder()
    {
        string input = Path.Combine(AppContext.BaseDirectory, "Fixtures", "cloud-monitoring", "application-crash-rate-1", "app1-04.csv");
        var inputRows = File.ReadAllLines(input).Skip(1).Select(l => l.Split(',')).ToList();

        var (exitCode, output, error) = await RunAsync("detect", "--input", input);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var written = Rows(output);
        Assert.Equal(710, written.Count);
        Assert.Equal(inputRows.Select(r => r[0]), written.Select(r => r[0]));
        Assert.Equal(13, written.Count - written.Select(r => r[0]).Distinct().Count());
        var unscored = written.Select((r, i) => (r, i)).Where(t => t.r[2].Length == 0).Select(t => t.i).ToList();
        Assert.Equal(inputRows.Select((r, i) => (r, i)).Where(t => t.r[1].Length == 0).Select(t => t.i), unscored);
        Assert.Equal(5, unscored.Count);
    }

    [Fact]
    public async Task Detect_MissingFile_ExitsTwo()
    {
        var (exitCode, _, error) = await RunAsync("detect", "--input", Path.Combine(_directory, "nope.csv"));

        Assert.Equal(2, exitCode);
        Assert.Contains("file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_UnknownDetector_ExitsTwo()
    {
        string input = Write("ok.csv", NumericCsv(GoldenSpike()));

        var (exitCode, _, error) = await RunAsync("detect", "--input", input, "--detector", "prophet");

        Assert.Equal(2, exitCode);
        Assert.Contains("prophet", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_SrBatchOnTooFewRows_ExitsTwoSayingHowManyAreNeeded()
    {
        string input = Write("short.csv", NumericCsv([1, 2, 3]));

        var (exitCode, _, error) = await RunAsync("detect", "--input", input, "--detector", "sr-batch");

        Assert.Equal(2, exitCode);
        Assert.Contains("at least 12 rows", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_AutoOnACleanDailySquareWaveOfFiveMinuteRows_RaisesNothing()
    {
        // Two weeks of a noiseless day/night step, 4,032 rows: the period (288 rows) is found from the timestamps and
        // confirmed on the data, so no daily transition is news.
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        string csv = "timestamp,value\n" + string.Concat(Enumerable.Range(0, 4032).Select(i =>
            $"{start.AddMinutes(5 * i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)},{(i % 288 < 144 ? 10 : 50)}\n"));
        string input = Write("square.csv", csv);

        var (exitCode, output, _) = await RunAsync("detect", "--input", input);

        Assert.Equal(0, exitCode);
        var rows = Rows(output);
        Assert.Equal(4032, rows.Count);
        Assert.DoesNotContain(rows, r => r[3] == "1" || r[4] == "1");
    }

    [Fact]
    public async Task Detect_AutoWithAGivenPeriodOnASeasonalSeriesWithASpike_FlagsTheSpike()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 24 * 30).Select(i => 100 + (20 * Math.Sin(2 * Math.PI * i / 24)) + random.NextDouble()).ToArray();
        values[600] += 40;
        string input = Write("hourly.csv", NumericCsv(values));

        var (exitCode, output, _) = await RunAsync("detect", "--input", input, "--period", "24");

        // The spike is flagged; the tail learned from the first hundred-odd rows of a month is still rough, so a
        // couple of early alarms are within what the detector promises for a series this short.
        Assert.Equal(0, exitCode);
        var flagged = Rows(output).Select((r, i) => (r, i)).Where(t => t.r[3] == "1" || t.r[4] == "1").Select(t => t.i).ToList();
        Assert.Contains(600, flagged);
        Assert.True(flagged.Count <= 3, string.Join(",", flagged));
    }

    [Theory]
    [InlineData("-1", "auto", "--period: -1 is out of range")]
    [InlineData("20", "auto", "--period: 20 is out of range; use 0 (no seasonality) to 13")]
    [InlineData("4", "sr-batch", "--period applies to --detector auto only")]
    public async Task Detect_BadPeriod_ExitsTwoWithOneLine(string period, string detector, string expected)
    {
        string input = Write("spike.csv", NumericCsv(GoldenSpike()));

        var (exitCode, _, error) = await RunAsync("detect", "--input", input, "--detector", detector, "--period", period);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }
}
