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
    [InlineData("timestamp,value\n2026-11-01T00:01:00Z,1\n2026-11-01T00:00:00Z,2\n", "row 3: timestamp '2026-11-01T00:00:00Z' is earlier")]
    [InlineData("timestamp,value\n2026-11-01 00:00:00,1\n2026-11-01T00:00:00Z,2\n", "row 3: duplicate timestamp")]
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
}
