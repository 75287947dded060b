using System.Globalization;
using System.Xml.Linq;
using QualityWatch.Gate.Running;

namespace QualityWatch.Gate.Reports;

/// <summary>
/// JUnit XML in the shape Jenkins (junit-4.xsd), GitLab and the GitHub test-report actions read:
/// <c>testsuites/testsuite/testcase</c> with <c>tests/failures/errors/skipped/time</c> counts. Each suite has
/// one testcase per case plus a <c>gate verdict</c> testcase that fails when the suite blocks the release.
/// </summary>
/// <remarks>
/// A case is a <c>failure</c> only when it regressed (failed where the baseline passed, in more repeats than the
/// reverse) inside a suite that blocks; the same case in a passing suite is reported as passed with the
/// discordance in <c>system-out</c>, so a CI server never turns a flaky case into a red build the gate passed.
/// Cases the run never reached (early stop, budget, missing from the baseline report) are <c>skipped</c>.
/// </remarks>
internal static class JUnitReportWriter
{
    public const string VerdictCaseName = "gate verdict";

    public static XDocument Build(GateRun run, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Decision is null)
        {
            throw new InvalidOperationException("an unavailable run has no JUnit report");
        }

        var suites = run.Suites.Select(result => Suite(run, result, run.SuitesRun.First(s => s.Name == result.Name), timestamp)).ToList();
        var root = new XElement(
            "testsuites",
            new XAttribute("name", $"qualitywatch gate: {run.Candidate} vs {run.Baseline}"),
            new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
            new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", suites.Sum(s => (int)s.Attribute("skipped")!)),
            new XAttribute("time", Seconds(suites.Sum(s => double.Parse((string)s.Attribute("time")!, CultureInfo.InvariantCulture)))),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    public static async Task WriteAsync(GateRun run, DateTimeOffset timestamp, string path, CancellationToken cancellationToken)
    {
        var document = Build(run, timestamp);
        await using var stream = File.Create(path);
        await document.SaveAsync(stream, SaveOptions.None, cancellationToken).ConfigureAwait(false);
    }

    private static XElement Suite(GateRun run, SuiteResult result, GateSuite suite, DateTimeOffset timestamp)
    {
        // An unfinished suite did not cause the failure; its cases are reported but never as failures.
        var blocks = !result.Unfinished && VerdictText.Blocks(result.Decision.Verdict, run.Options.AllowInconclusive);
        var classname = $"qualitywatch.gate.{suite.Name}";
        var cases = CaseSummary.For(run, suite).Select(summary => Case(summary, classname, blocks)).ToList();
        var verdictCase = new XElement(
            "testcase",
            new XAttribute("name", VerdictCaseName),
            new XAttribute("classname", classname),
            new XAttribute("time", Seconds(0)));
        if (result.Unfinished)
        {
            verdictCase.Add(new XElement("skipped", new XAttribute("message", result.Decision.Reason)));
        }
        else if (blocks)
        {
            verdictCase.Add(new XElement("failure", new XAttribute("message", $"{VerdictText.Of(result.Decision.Verdict)}: {result.Decision.Reason}"), new XAttribute("type", VerdictText.Of(result.Decision.Verdict)), PowerDisclosure.Describe(result, run.Options.MaxDrop)));
        }
        else
        {
            verdictCase.Add(new XElement("system-out", $"{VerdictText.Of(result.Decision.Verdict)}: {result.Decision.Reason}\n{PowerDisclosure.Describe(result, run.Options.MaxDrop)}"));
        }

        cases.Add(verdictCase);
        var time = cases.Sum(c => double.Parse((string)c.Attribute("time")!, CultureInfo.InvariantCulture));
        return new XElement(
            "testsuite",
            new XAttribute("name", suite.Name),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", cases.Count(c => c.Element("skipped") is not null)),
            new XAttribute("time", Seconds(time)),
            new XAttribute("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement(
                "properties",
                Property("verdict", VerdictText.Of(result.Decision.Verdict)),
                Property("candidate", run.Candidate),
                Property("baseline", run.Baseline),
                Property("pairs", result.Counts.Pairs.ToString(CultureInfo.InvariantCulture)),
                Property("regressions", result.Counts.Regressions.ToString(CultureInfo.InvariantCulture)),
                Property("improvements", result.Counts.Improvements.ToString(CultureInfo.InvariantCulture)),
                Property("mcnemar_p", result.McNemarPValue.ToString("0.######", CultureInfo.InvariantCulture)),
                Property("power", PowerDisclosure.Describe(result, run.Options.MaxDrop))),
            cases);
    }

    private static XElement Case(CaseSummary summary, string classname, bool suiteBlocks)
    {
        var element = new XElement(
            "testcase",
            new XAttribute("name", summary.Case.CaseId),
            new XAttribute("classname", classname),
            new XAttribute("time", Seconds(summary.CandidateTime.TotalSeconds)));
        if (summary.MissingFromBaseline)
        {
            element.Add(new XElement("skipped", new XAttribute("message", "not in the baseline report")));
            return element;
        }

        var complete = summary.Complete.Count();
        if (complete == 0)
        {
            element.Add(new XElement("skipped", new XAttribute("message", "not run: the gate stopped before reaching this case")));
            return element;
        }

        var tally = $"regressed in {summary.Regressions}, improved in {summary.Improvements}, candidate failed {summary.CandidateFailures} of {complete} repeats";
        if (summary.IsRegressed && suiteBlocks)
        {
            var pair = summary.FirstRegression!;
            element.Add(new XElement(
                "failure",
                new XAttribute("message", $"regression: {tally}"),
                new XAttribute("type", "regression"),
                $"expected: {pair.Candidate.Expected}\nbaseline answer: {pair.Baseline.Actual}\ncandidate answer: {pair.Candidate.Actual}\nfailed assertions: {string.Join("; ", pair.Candidate.FailureReasons)}"));
        }
        else if (summary.Regressions > 0 || summary.CandidateFailures > 0)
        {
            element.Add(new XElement("system-out", summary.IsRegressed ? $"{tally}; not significant for the suite" : tally));
        }

        return element;
    }

    private static XElement Property(string name, string value) => new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
