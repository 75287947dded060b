using QualityWatch.Cli.Detect;

namespace QualityWatch.Cli.Tests.Detect;

public sealed class SeriesCsvReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-reader-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SeriesFile Read(string content)
    {
        string path = Path.Combine(_directory, "series.csv");
        File.WriteAllText(path, content);
        return SeriesCsvReader.Read(path);
    }

    [Fact]
    public void Rows_AreInTimeOrder_WithDuplicatesInFileOrder_AndRememberTheirInputIndex()
    {
        var file = Read(
            "timestamp,value\n" +
            "2026-11-01T00:02:00Z,20\n" +
            "2026-11-01T00:00:00Z,0\n" +
            "2026-11-01T00:01:00Z,11\n" +
            "2026-11-01T00:01:00Z,12\n" +
            "2026-11-01T00:01:00Z,13\n");

        Assert.Equal([0.0, 11, 12, 13, 20], file.Rows.Select(r => r.Value));
        Assert.Equal([1, 2, 3, 4, 0], file.Rows.Select(r => r.InputIndex));
        Assert.Equal(1, file.OutOfOrderRows);
    }

    [Fact]
    public void SortedFileWithDuplicates_HasNoRowOutOfOrder()
    {
        var file = Read("timestamp,value\n2026-11-01 00:00:00,1\n2026-11-01T00:00:00Z,2\n2026-11-01 00:01:00,3\n");

        Assert.Equal(0, file.OutOfOrderRows);
        Assert.Equal([0, 1, 2], file.Rows.Select(r => r.InputIndex));
    }

    [Fact]
    public void OutOfOrderRows_CountsTheFewestRowsThatMustMove()
    {
        // Three late rows written first: moving those three sorts the file.
        var file = Read("timestamp,value\n" + string.Concat(new[] { 7, 8, 9, 0, 1, 2, 3, 4, 5, 6 }.Select(m => $"2026-11-01T00:0{m}:00Z,{m}\n")));

        Assert.Equal(3, file.OutOfOrderRows);
        Assert.Equal(Enumerable.Range(0, 10).Select(m => (double)m), file.Rows.Select(r => r.Value));
    }

    [Fact]
    public void EmptyAndNaNValues_AreNaN_AndOtherRowsKeepTheirNumbers()
    {
        var file = Read("timestamp,value\n2026-11-01T00:00:00Z,1.5\n2026-11-01T00:01:00Z,\n2026-11-01T00:02:00Z,nan\n2026-11-01T00:03:00Z, NaN \n2026-11-01T00:04:00Z,-2e3\n");

        Assert.Equal(5, file.Rows.Count);
        Assert.Equal(1.5, file.Rows[0].Value);
        Assert.All(file.Rows.Skip(1).Take(3), r => Assert.True(double.IsNaN(r.Value)));
        Assert.Equal(-2000, file.Rows[4].Value);
    }

    [Fact]
    public void LabelColumn_IsReadAsOneOrZero_EmptyMeaningZero_AndHeaderCaseDoesNotMatter()
    {
        var file = Read("TimeStamp,Value,Label\n2026-11-01T00:00:00Z,1,0\n2026-11-01T00:01:00Z,2,1\n2026-11-01T00:02:00Z,3,\n");

        Assert.True(file.HasLabels);
        Assert.Equal([false, true, false], file.Rows.Select(r => r.Label));
    }

    [Fact]
    public void FileWithoutLabelColumn_HasNoLabels()
    {
        var file = Read("timestamp,value\n2026-11-01T00:00:00Z,1\n");

        Assert.False(file.HasLabels);
        Assert.False(file.Rows[0].Label);
    }

    [Fact]
    public void PassFailRowWithBothCountsEmpty_IsAnUnmeasuredRow()
    {
        var file = Read("timestamp,passed,total\n2026-11-01T00:00:00Z,,\n2026-11-01T00:01:00Z,9,10\n");

        Assert.True(double.IsNaN(file.Rows[0].Value));
        Assert.Equal((0L, 0L), (file.Rows[0].Passed, file.Rows[0].Total));
        Assert.Equal(0.9, file.Rows[1].Value);
    }
}
