using QualityWatch.Core.Security;

namespace QualityWatch.Core.Tests.Security;

public sealed class ApiKeySetTests
{
    [Fact]
    public void Matches_ConfiguredKeyFromEnvironmentList_AndRejectsOthers()
    {
        Environment.SetEnvironmentVariable("QW_TEST_KEYS", "alpha, beta");
        try
        {
            var keys = ApiKeySet.From(null, ["QW_TEST_KEYS"], null);

            Assert.True(keys.Matches("beta"));
            Assert.False(keys.Matches("gamma"));
            Assert.False(keys.Matches(null));
            Assert.False(keys.IsEmpty);
        }
        finally
        {
            Environment.SetEnvironmentVariable("QW_TEST_KEYS", null);
        }
    }

    [Fact]
    public void From_File_SkipsCommentsAndBlankLines()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "# ingest keys\nkey-one\n\nkey-two\n");
        try
        {
            var keys = ApiKeySet.From(null, null, [path]);
            Assert.True(keys.Matches("key-two"));
            Assert.False(keys.Matches("# ingest keys"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToString_NeverRevealsAKey()
    {
        var keys = ApiKeySet.From(["s3cret-value"], null, null);

        Assert.DoesNotContain("s3cret", keys.ToString(), StringComparison.Ordinal);
    }
}
