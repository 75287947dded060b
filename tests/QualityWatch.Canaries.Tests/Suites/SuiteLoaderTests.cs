using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Tests.TestSupport;

namespace QualityWatch.Canaries.Tests.Suites;

public sealed class SuiteLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-suites-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("{ equalz: \"1\" }", "unknown assertion 'equalz'")]
    [InlineData("{ not_sounds_like: \"1\" }", "unknown assertion 'not_sounds_like'")]
    [InlineData("{ regex: \"([a-z\" }", "invalid regex")]
    [InlineData("{ number: { tolerance: 1 } }", "missing 'value'")]
    [InlineData("{ number: \"many\" }", "'number' must be a number")]
    [InlineData("{ number: { value: 1, tolerance: -1 } }", "'number.tolerance' must be a number in 0..")]
    [InlineData("{ one_of: [] }", "'one_of' needs a non-empty list")]
    [InlineData("{ one_of: \"Paris\" }", "'one_of' needs a non-empty list")]
    [InlineData("{ json: { path: \"$..a\" } }", "invalid JSON path")]
    [InlineData("{ json: maybe }", "'json' needs 'true'")]
    [InlineData("{ json: { value: 1 } }", "'json.value' needs 'json.path'")]
    [InlineData("{ max_chars: 0 }", "'max_chars' must be an integer in 1..")]
    [InlineData("{ max_chars: ten }", "'max_chars' must be an integer")]
    [InlineData("{ script: [Latin, Klingon] }", "unknown script 'Klingon'")]
    [InlineData("{ script: [] }", "'script' needs a list")]
    [InlineData("{ contains: \"\" }", "'contains' needs non-empty text")]
    [InlineData("{ equals: [1, 2] }", "'equals' must be a single value")]
    [InlineData("{ }", "'expect' must be a mapping of at least one assertion")]
    public void Parse_MalformedAssertion_ReportsReasonOnTheExpectLine(string expect, string reason)
    {
        var (suite, problems) = SuiteText.Parse(SuiteText.OneCase(expect));

        Assert.Null(suite);
        var problem = Assert.Single(problems);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.Equal(5, problem.Line);
        Assert.StartsWith("inline.yaml:5: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateId_ReportsSecondCaseLineAndFirstLine()
    {
        var (suite, problems) = SuiteText.Parse("""
            suite: dup
            cases:
              - id: a
                prompt: "one?"
                expect: { equals: "1" }
              - id: a
                prompt: "two?"
                expect: { equals: "2" }
            """);

        Assert.Null(suite);
        var problem = Assert.Single(problems);
        Assert.Equal(6, problem.Line);
        Assert.Equal("duplicate case id 'a' (first at line 3)", problem.Reason);
    }

    [Fact]
    public void Parse_MissingExpect_ReportsTheCaseLine()
    {
        var (_, problems) = SuiteText.Parse("""
            suite: s
            cases:
              - id: ok
                prompt: "one?"
                expect: { equals: "1" }
              - id: no-expect
                prompt: "two?"
            """);

        var problem = Assert.Single(problems);
        Assert.Equal(6, problem.Line);
        Assert.Equal("missing 'expect'", problem.Reason);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOne()
    {
        var (_, problems) = SuiteText.Parse("""
            suite: s
            colour: blue
            cases:
              - id: a
                prompt: "one?"
                expect: { equalz: "1" }
              - id: b
                messages: [ { role: robot, content: "hi" } ]
                expect: { equals: "1" }
              - id: c
                prompt: "three?"
                messages: [ { role: user, content: "three?" } ]
                expect: { equals: "3" }
              - id: d
                prompt: "four?"
                expect: { equals: "4" }
                repeat: 1000
            """);

        Assert.Equal([2, 6, 8, 10, 17], problems.Select(p => p.Line));
        Assert.Contains("unknown suite key 'colour'", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("role must be system, user or assistant", problems[2].Reason, StringComparison.Ordinal);
        Assert.Contains("not both", problems[3].Reason, StringComparison.Ordinal);
        Assert.Contains("'repeat' must be an integer in 1..100", problems[4].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsLine()
    {
        var (suite, problems) = SuiteText.Parse("suite: s\ncases:\n  - id: a\n    prompt: \"unterminated\n");

        Assert.Null(suite);
        Assert.Contains("invalid YAML", Assert.Single(problems).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IssueFormat_ReadsPromptsMessagesDefaultsAndOptions()
    {
        var (suite, problems) = SuiteText.Parse("""
            suite: arithmetic
            description: Integer arithmetic with one exact answer
            defaults: { temperature: 0, max_tokens: 32 }
            cases:
              - id: add-017
                prompt: "What is 17 + 25? Reply with the number only."
                expect: { equals: "42" }
                tags: [arithmetic]
              - id: capital-fr
                messages: [ { role: system, content: "Answer in one word." }, { role: user, content: "Capital of France?" } ]
                expect: { one_of: ["Paris", "paris"] }
                repeat: 3
                options: { max_tokens: 8, seed: 9 }
                category: factual
            """);

        Assert.Empty(problems);
        Assert.Equal("arithmetic", suite!.Category);
        var (add, capital) = (suite.Cases[0], suite.Cases[1]);
        Assert.Equal(new CanaryRequestOptions(0, 32), add.Options);
        Assert.Equal(["arithmetic"], add.Tags);
        Assert.Equal(5, add.Line);
        Assert.Equal(["system", "user"], capital.Messages.Select(m => m.Role));
        Assert.Equal("Capital of France?", capital.LastUserMessage);
        Assert.Equal(new CanaryRequestOptions(0, 8, 9), capital.Options);
        Assert.Equal(3, capital.Repeat);
        Assert.Equal("factual", capital.Category);
    }

    [Fact]
    public void Parse_NeedleGenerate_BuildsLongPromptWithTheNeedleAndTheQuestionLast()
    {
        var (suite, problems) = SuiteText.Parse("""
            suite: lc
            cases:
              - id: n1
                prompt: "What is the access code for the teal vault? Reply with the number only."
                generate: { kind: needle, filler_tokens: 8000, seed: 7, needle: "The access code for the teal vault is 4817." }
                expect: { equals: "4817" }
            """);

        Assert.Empty(problems);
        var prompt = suite!.Cases[0].LastUserMessage;
        Assert.Contains("The access code for the teal vault is 4817.", prompt, StringComparison.Ordinal);
        Assert.EndsWith("Reply with the number only.", prompt, StringComparison.Ordinal);
        Assert.InRange(prompt.Length, 8000 * 4, 8000 * 4 * 1.1);
    }

    [Fact]
    public void LoadFiles_OneBadFile_StillLoadsTheValidOnesAndReportsTheBadOne()
    {
        var good = Write("good.yaml", "suite: good\ncases:\n  - id: a\n    prompt: \"one?\"\n    expect: { equals: \"1\" }\n");
        var bad = Write("bad.yaml", "suite: bad\ncases:\n  - id: a\n    prompt: \"one?\"\n    expect: { regex: \"(\" }\n");
        var missing = Path.Combine(_directory, "missing.yaml");

        var result = SuiteLoader.LoadFiles([bad, good, missing]);

        Assert.Equal("good", Assert.Single(result.Suites).Name);
        Assert.Equal(2, result.Problems.Count);
        Assert.Equal((bad, 5), (result.Problems[0].File, result.Problems[0].Line));
        Assert.Contains("not found", result.Problems[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_DuplicateSuiteNames_KeepsTheFirstAndReportsTheSecond()
    {
        Write("a.yaml", "suite: same\ncases:\n  - id: a\n    prompt: \"one?\"\n    expect: { equals: \"1\" }\n");
        Write("b.yml", "suite: same\ncases:\n  - id: b\n    prompt: \"two?\"\n    expect: { equals: \"2\" }\n");
        Write("notes.txt", "not a suite");

        var result = SuiteLoader.LoadDirectory(_directory);

        Assert.Equal("a", Assert.Single(Assert.Single(result.Suites).Cases).Id);
        Assert.Contains("duplicate suite name 'same'", Assert.Single(result.Problems).Reason, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
