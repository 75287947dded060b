using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using QualityWatch.Gate.Reports;
using QualityWatch.Gate.Tests.Support;

namespace QualityWatch.Gate.Tests.Reports;

public sealed class JUnitReportWriterTests
{
    private static readonly DateTimeOffset Timestamp = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);

    private static void AssertValidAgainstJUnitSchema(XDocument document)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Reports", "junit.xsd"));
        var errors = new List<string>();
        document.Validate(schemas, (_, e) => errors.Add(e.Message));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Build_RegressedRun_ValidatesAgainstTheJUnitSchema()
    {
        var document = JUnitReportWriter.Build(await GateRuns.RegressedAsync(), Timestamp);

        AssertValidAgainstJUnitSchema(document);
    }

    [Fact]
    public async Task Build_WrittenToDisk_ParsesBackAndValidates()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qw-junit-{Guid.NewGuid():N}.xml");
        try
        {
            await JUnitReportWriter.WriteAsync(await GateRuns.HealthyAsync(), Timestamp, path, CancellationToken.None);

            AssertValidAgainstJUnitSchema(XDocument.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Schema_RejectsATestsuiteWithoutCounts()
    {
        var broken = XDocument.Parse("<testsuites name='x' tests='1' failures='0' errors='0'><testsuite name='s'><testcase name='c' classname='k' time='0'/></testsuite></testsuites>");
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Reports", "junit.xsd"));

        Assert.Throws<XmlSchemaValidationException>(() => broken.Validate(schemas, null));
    }

    [Fact]
    public async Task Build_OneTestcasePerCasePerSuitePlusVerdict_WithConsistentCounts()
    {
        var document = JUnitReportWriter.Build(await GateRuns.RegressedAsync(), Timestamp);
        var root = document.Root!;
        var suites = root.Elements("testsuite").ToList();

        Assert.Equal(["arith", "code"], suites.Select(s => (string)s.Attribute("name")!));
        foreach (var suite in suites)
        {
            var cases = suite.Elements("testcase").ToList();
            Assert.Equal(121, cases.Count);
            Assert.Equal(cases.Count, (int)suite.Attribute("tests")!);
            Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int)suite.Attribute("failures")!);
            Assert.Equal(cases.Count(c => c.Element("skipped") is not null), (int)suite.Attribute("skipped")!);
            Assert.Single(cases, c => (string)c.Attribute("name")! == JUnitReportWriter.VerdictCaseName);
            Assert.All(cases, c => Assert.Equal($"qualitywatch.gate.{suite.Attribute("name")!.Value}", (string)c.Attribute("classname")!));
        }

        Assert.Equal(suites.Sum(s => (int)s.Attribute("tests")!), (int)root.Attribute("tests")!);
        Assert.Equal(suites.Sum(s => (int)s.Attribute("failures")!), (int)root.Attribute("failures")!);
    }

    [Fact]
    public async Task Build_FailingSuite_MarksRegressedCasesAndVerdict_PassingSuiteShowsFlakyCaseAsPassed()
    {
        var document = JUnitReportWriter.Build(await GateRuns.RegressedAsync(), Timestamp);
        var arith = document.Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "arith");
        var code = document.Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "code");

        Assert.Equal(0, (int)arith.Attribute("failures")!);
        var flaky = arith.Elements("testcase").Single(c => (string)c.Attribute("name")! == "case-003");
        Assert.Null(flaky.Element("failure"));
        Assert.Contains("not significant", flaky.Element("system-out")!.Value, StringComparison.Ordinal);

        // The release failed on `code` before `arith` was decided: its verdict is skipped, not failed.
        var arithVerdict = arith.Elements("testcase").Single(c => (string)c.Attribute("name")! == JUnitReportWriter.VerdictCaseName);
        Assert.StartsWith("not finished", (string)arithVerdict.Element("skipped")!.Attribute("message")!, StringComparison.Ordinal);

        var verdict = code.Elements("testcase").Single(c => (string)c.Attribute("name")! == JUnitReportWriter.VerdictCaseName);
        Assert.Equal("FAIL", (string)verdict.Element("failure")!.Attribute("type")!);
        var regressed = code.Elements("testcase").Where(c => (string?)c.Element("failure")?.Attribute("type") == "regression").ToList();
        Assert.NotEmpty(regressed);
        Assert.Contains("candidate answer: The answer to", regressed[0].Element("failure")!.Value, StringComparison.Ordinal);
        Assert.Equal("FAIL", code.Element("properties")!.Elements("property").Single(p => (string)p.Attribute("name")! == "verdict").Attribute("value")!.Value);
    }
}
