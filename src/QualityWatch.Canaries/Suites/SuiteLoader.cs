using System.Globalization;
using System.Text.RegularExpressions;
using QualityWatch.Canaries.Generation;
using QualityWatch.Canaries.Scoring;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QualityWatch.Canaries.Suites;

/// <summary>
/// Reads golden suite files (<c>canaries/*.yaml</c>). Every problem is reported with file, line and reason; a file
/// with any problem is left out whole, and never stops the valid files from loading.
/// </summary>
public static partial class SuiteLoader
{
    private static readonly string[] SuiteKeys = ["suite", "description", "category", "defaults", "cases"];
    private static readonly string[] CaseKeys = ["id", "prompt", "messages", "expect", "tags", "repeat", "options", "reference", "category", "generate", "description"];
    private static readonly string[] OptionKeys = ["temperature", "max_tokens", "seed", "top_p"];
    private static readonly string[] GenerateKeys = ["kind", "filler_tokens", "seed", "needle", "position"];
    private static readonly string[] Roles = ["system", "user", "assistant"];

    /// <summary>The assertion names suites may use; each also exists as <c>not_&lt;name&gt;</c>.</summary>
    public static readonly IReadOnlyList<string> AssertionNames = ["equals", "contains", "icontains", "regex", "number", "one_of", "json", "max_chars", "script"];

    /// <summary>Loads every <c>*.yaml</c> / <c>*.yml</c> file in <paramref name="directory"/>, in name order.</summary>
    public static SuiteLoadResult LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return new([], [new SuiteProblem(directory, 0, "suite directory not found")]);
        }

        var files = Directory.EnumerateFiles(directory, "*.*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        return LoadFiles(files);
    }

    /// <summary>Loads the given files; directories among them are expanded like <see cref="LoadDirectory"/>.</summary>
    public static SuiteLoadResult LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var suites = new List<CanarySuite>();
        var problems = new List<SuiteProblem>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var nested = LoadDirectory(path);
                AddAll(nested.Suites, nested.Problems);
                continue;
            }

            if (!File.Exists(path))
            {
                problems.Add(new SuiteProblem(path, 0, "suite file not found"));
                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (IOException ex)
            {
                problems.Add(new SuiteProblem(path, 0, $"cannot read: {ex.Message}"));
                continue;
            }

            var (suite, fileProblems) = Parse(path, text);
            AddAll(suite is null ? [] : [suite], fileProblems);
        }

        return new SuiteLoadResult(suites, problems);

        void AddAll(IEnumerable<CanarySuite> loaded, IEnumerable<SuiteProblem> found)
        {
            problems.AddRange(found);
            foreach (var suite in loaded)
            {
                if (names.TryGetValue(suite.Name, out var other))
                {
                    problems.Add(new SuiteProblem(suite.File, 1, $"duplicate suite name '{suite.Name}' (also in {other})"));
                    continue;
                }

                names[suite.Name] = suite.File;
                suites.Add(suite);
            }
        }
    }

    /// <summary>Parses one suite document; the suite is null when there is any problem.</summary>
    public static (CanarySuite? Suite, IReadOnlyList<SuiteProblem> Problems) Parse(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        var context = new ParseContext(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            return (null, [new SuiteProblem(file, (int)ex.Start.Line, $"invalid YAML: {OneLine(ex.InnerException?.Message ?? ex.Message)}")]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (null, [new SuiteProblem(file, 1, "a suite file must be a mapping with 'suite' and 'cases'")]);
        }

        var suite = context.ReadSuite(root);
        return (context.Problems.Count == 0 ? suite : null, context.Problems);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    private sealed class ParseContext(string file)
    {
        public List<SuiteProblem> Problems { get; } = [];

        public CanarySuite? ReadSuite(YamlMappingNode root)
        {
            CheckKeys(root, SuiteKeys, "suite");
            var name = Scalar(root, "suite", required: true);
            if (name is not null && !IdPattern().IsMatch(name))
            {
                Problem(root["suite"], $"suite name '{name}' must be letters, digits, '.', '_' or '-'");
            }

            var description = Scalar(root, "description") ?? string.Empty;
            var category = Scalar(root, "category") ?? name ?? "uncategorised";
            var defaults = Child(root, "defaults") is { } defaultsNode ? ReadOptions(defaultsNode) : new CanaryRequestOptions();
            var casesNode = Child(root, "cases");
            if (casesNode is null)
            {
                Problem(root, "missing 'cases'");
                return null;
            }

            if (casesNode is not YamlSequenceNode caseList || caseList.Children.Count == 0)
            {
                Problem(casesNode, "'cases' must be a non-empty list");
                return null;
            }

            var cases = new List<CanaryCase>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var node in caseList.Children)
            {
                if (node is not YamlMappingNode caseNode)
                {
                    Problem(node, "each case must be a mapping");
                    continue;
                }

                var canaryCase = ReadCase(caseNode, name ?? "?", category, defaults);
                if (canaryCase is null)
                {
                    continue;
                }

                if (seen.TryGetValue(canaryCase.Id, out var firstLine))
                {
                    Problem(caseNode["id"], $"duplicate case id '{canaryCase.Id}' (first at line {firstLine})");
                    continue;
                }

                seen[canaryCase.Id] = canaryCase.Line;
                cases.Add(canaryCase);
            }

            return name is null ? null : new CanarySuite(name, description, category, file, cases);
        }

        private CanaryCase? ReadCase(YamlMappingNode node, string suite, string suiteCategory, CanaryRequestOptions defaults)
        {
            var before = Problems.Count;
            CheckKeys(node, CaseKeys, "case");
            var id = Scalar(node, "id", required: true);
            if (id is not null && !IdPattern().IsMatch(id))
            {
                Problem(node["id"], $"case id '{id}' must be letters, digits, '.', '_' or '-'");
            }

            var messages = ReadMessages(node);
            var assertions = ReadExpect(node);
            var tags = Child(node, "tags") is { } tagsNode ? StringList(tagsNode, "tags") : [];
            var repeat = Child(node, "repeat") is { } repeatNode ? Integer(repeatNode, "repeat", 1, 100) ?? 1 : 1;
            var options = Child(node, "options") is { } optionsNode ? ReadOptions(optionsNode).Over(defaults) : defaults;
            var reference = Child(node, "reference") is { } referenceNode ? ScalarValue(referenceNode, "reference") : null;
            var category = Scalar(node, "category") ?? suiteCategory;
            if (Problems.Count > before || id is null || messages is null || assertions is null)
            {
                return null;
            }

            return new CanaryCase(id, suite, category, messages, assertions, tags ?? [], repeat, options, reference, file, Line(node));
        }

        private List<CanaryMessage>? ReadMessages(YamlMappingNode node)
        {
            var prompt = Child(node, "prompt");
            var messagesNode = Child(node, "messages");
            var generate = Child(node, "generate");
            if ((prompt is null) == (messagesNode is null))
            {
                Problem(node, prompt is null ? "a case needs 'prompt' or 'messages'" : "a case has either 'prompt' or 'messages', not both");
                return null;
            }

            List<CanaryMessage> messages;
            if (prompt is not null)
            {
                var text = ScalarValue(prompt, "prompt");
                if (string.IsNullOrWhiteSpace(text))
                {
                    Problem(prompt, "'prompt' must be non-empty text");
                    return null;
                }

                messages = [new CanaryMessage("user", text)];
            }
            else if (messagesNode is YamlSequenceNode list && list.Children.Count > 0)
            {
                messages = [];
                foreach (var item in list.Children)
                {
                    if (item is not YamlMappingNode message)
                    {
                        Problem(item, "each message must be a mapping with 'role' and 'content'");
                        return null;
                    }

                    CheckKeys(message, ["role", "content"], "message");
                    var role = Scalar(message, "role", required: true);
                    var content = Scalar(message, "content", required: true);
                    if (role is not null && !Roles.Contains(role))
                    {
                        Problem(message["role"], $"role must be system, user or assistant, not '{role}'");
                        return null;
                    }

                    if (role is null || content is null)
                    {
                        return null;
                    }

                    messages.Add(new CanaryMessage(role, content));
                }

                if (messages[^1].Role != "user")
                {
                    Problem(messagesNode, "the last message must be the user's");
                    return null;
                }
            }
            else
            {
                Problem(messagesNode!, "'messages' must be a non-empty list");
                return null;
            }

            if (generate is not null)
            {
                return ApplyGenerate(generate, messages);
            }

            return messages;
        }

        private List<CanaryMessage>? ApplyGenerate(YamlNode node, List<CanaryMessage> messages)
        {
            if (node is not YamlMappingNode generate)
            {
                Problem(node, "'generate' must be a mapping");
                return null;
            }

            CheckKeys(generate, GenerateKeys, "generate");
            var kind = Scalar(generate, "kind", required: true);
            if (kind is not null && kind != "needle")
            {
                Problem(generate["kind"], $"unknown generate kind '{kind}' (known: needle)");
                return null;
            }

            var tokens = Child(generate, "filler_tokens") is { } t ? Integer(t, "filler_tokens", 100, 100_000) : Required(generate, "filler_tokens");
            var seed = Child(generate, "seed") is { } s ? Integer(s, "seed", 0, int.MaxValue) : Required(generate, "seed");
            var needle = Scalar(generate, "needle", required: true);
            var position = Child(generate, "position") is { } p ? Number(p, "position", 0, 1) : 0.5;
            if (tokens is null || seed is null || needle is null || position is null)
            {
                return null;
            }

            var haystack = NeedleHaystack.Build(tokens.Value, (ulong)seed.Value, needle, position.Value);
            var question = messages[^1].Content;
            messages[^1] = new CanaryMessage("user", $"Read the document below, then answer the question that follows it.\n\n<document>\n{haystack}\n</document>\n\n{question}");
            return messages;
        }

        private List<CanaryAssertion>? ReadExpect(YamlMappingNode node)
        {
            var expectNode = Child(node, "expect");
            if (expectNode is null)
            {
                Problem(node, "missing 'expect'");
                return null;
            }

            if (expectNode is not YamlMappingNode expect || expect.Children.Count == 0)
            {
                Problem(expectNode, "'expect' must be a mapping of at least one assertion");
                return null;
            }

            var assertions = new List<CanaryAssertion>();
            foreach (var (keyNode, valueNode) in expect.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                var negated = key.StartsWith("not_", StringComparison.Ordinal);
                var name = negated ? key["not_".Length..] : key;
                if (!AssertionNames.Contains(name))
                {
                    Problem(keyNode, $"unknown assertion '{key}' (known: {string.Join(", ", AssertionNames)}, each also as not_<name>)");
                    continue;
                }

                if (ReadAssertion(name, valueNode) is { } assertion)
                {
                    assertions.Add(negated ? new NotAssertion(assertion) : assertion);
                }
            }

            return assertions.Count == expect.Children.Count ? assertions : null;
        }

        private CanaryAssertion? ReadAssertion(string name, YamlNode value)
        {
            switch (name)
            {
                case "equals":
                    return ScalarValue(value, name) is { } equals ? new EqualsAssertion(equals) : null;
                case "contains" or "icontains":
                    var needles = value is YamlSequenceNode ? StringList(value, name) : ScalarValue(value, name) is { } one ? [one] : null;
                    if (needles is null || needles.Count == 0 || needles.Any(n => n.Length == 0))
                    {
                        Problem(value, $"'{name}' needs non-empty text or a list of texts");
                        return null;
                    }

                    return new ContainsAssertion(needles, name == "icontains");
                case "regex":
                    if (ScalarValue(value, name) is not { } pattern)
                    {
                        return null;
                    }

                    try
                    {
                        return new RegexAssertion(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
                    }
                    catch (ArgumentException ex)
                    {
                        Problem(value, $"invalid regex: {OneLine(ex.Message)}");
                        return null;
                    }

                case "number":
                    if (value is YamlScalarNode)
                    {
                        return Number(value, "number", double.MinValue, double.MaxValue) is { } plain ? new NumberAssertion(plain, 0) : null;
                    }

                    if (value is not YamlMappingNode numberNode)
                    {
                        Problem(value, "'number' needs a number or { value, tolerance }");
                        return null;
                    }

                    CheckKeys(numberNode, ["value", "tolerance"], "number");
                    var expected = Child(numberNode, "value") is { } v ? Number(v, "number.value", double.MinValue, double.MaxValue) : RequiredNumber(numberNode, "value");
                    var tolerance = Child(numberNode, "tolerance") is { } tol ? Number(tol, "number.tolerance", 0, double.MaxValue) : 0;
                    return expected is null || tolerance is null ? null : new NumberAssertion(expected.Value, tolerance.Value);
                case "one_of":
                    var options = value is YamlSequenceNode ? StringList(value, name) : null;
                    if (options is null || options.Count == 0)
                    {
                        Problem(value, "'one_of' needs a non-empty list");
                        return null;
                    }

                    return new OneOfAssertion(options);
                case "json":
                    return ReadJson(value);
                case "max_chars":
                    return Integer(value, "max_chars", 1, 1_000_000) is { } max ? new MaxCharsAssertion(max) : null;
                case "script":
                    var scripts = value is YamlSequenceNode ? StringList(value, name) : ScalarValue(value, name) is { } single ? [single] : null;
                    if (scripts is null || scripts.Count == 0)
                    {
                        Problem(value, "'script' needs a list of Unicode script names, for example [Latin, Common]");
                        return null;
                    }

                    if (ScriptAssertion.Unknown(scripts) is { } unknown)
                    {
                        Problem(value, $"unknown script '{unknown}' (known: {string.Join(", ", ScriptAssertion.KnownScripts.Order(StringComparer.Ordinal))})");
                        return null;
                    }

                    return new ScriptAssertion(scripts);
                default:
                    Problem(value, $"unknown assertion '{name}'");
                    return null;
            }
        }

        private JsonAssertion? ReadJson(YamlNode value)
        {
            if (value is YamlScalarNode scalar)
            {
                if (scalar.Value is "true" or "valid")
                {
                    return new JsonAssertion(null, null, null);
                }

                Problem(value, "'json' needs 'true' or { path, value }");
                return null;
            }

            if (value is not YamlMappingNode mapping)
            {
                Problem(value, "'json' needs 'true' or { path, value }");
                return null;
            }

            CheckKeys(mapping, ["path", "value"], "json");
            var pathText = Scalar(mapping, "path");
            if (pathText is null)
            {
                if (Child(mapping, "value") is not null)
                {
                    Problem(mapping, "'json.value' needs 'json.path'");
                    return null;
                }

                return new JsonAssertion(null, null, null);
            }

            var path = JsonPathSegment.TryParse(pathText);
            if (path is null)
            {
                Problem(mapping["path"], $"invalid JSON path '{pathText}' (use $.a.b[0])");
                return null;
            }

            var expected = Child(mapping, "value") is { } v ? ScalarValue(v, "json.value") : null;
            return new JsonAssertion(path, pathText, expected);
        }

        private CanaryRequestOptions ReadOptions(YamlNode node)
        {
            if (node is not YamlMappingNode mapping)
            {
                Problem(node, "options must be a mapping");
                return new CanaryRequestOptions();
            }

            CheckKeys(mapping, OptionKeys, "options");
            return new CanaryRequestOptions(
                Child(mapping, "temperature") is { } t ? Number(t, "temperature", 0, 2) : null,
                Child(mapping, "max_tokens") is { } m ? Integer(m, "max_tokens", 1, 1_000_000) : null,
                Child(mapping, "seed") is { } s ? Integer(s, "seed", 0, int.MaxValue) : null,
                Child(mapping, "top_p") is { } p ? Number(p, "top_p", 0, 1) : null);
        }

        private void CheckKeys(YamlMappingNode node, IReadOnlyCollection<string> allowed, string what)
        {
            foreach (var key in node.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null || !allowed.Contains(name))
                {
                    Problem(key, $"unknown {what} key '{name}' (allowed: {string.Join(", ", allowed)})");
                }
            }
        }

        private static YamlNode? Child(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private string? Scalar(YamlMappingNode node, string key, bool required = false)
        {
            var child = Child(node, key);
            if (child is null)
            {
                if (required)
                {
                    Problem(node, $"missing '{key}'");
                }

                return null;
            }

            return ScalarValue(child, key);
        }

        private string? ScalarValue(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Value: { } value })
            {
                return value;
            }

            Problem(node, $"'{what}' must be a single value");
            return null;
        }

        private List<string>? StringList(YamlNode node, string what)
        {
            if (node is not YamlSequenceNode sequence)
            {
                Problem(node, $"'{what}' must be a list");
                return null;
            }

            var items = new List<string>();
            foreach (var item in sequence.Children)
            {
                if (ScalarValue(item, what) is not { } value)
                {
                    return null;
                }

                items.Add(value);
            }

            return items;
        }

        private int? Integer(YamlNode node, string what, int min, int max)
        {
            if (ScalarValue(node, what) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            Problem(node, $"'{what}' must be an integer in {min}..{max}");
            return null;
        }

        private double? Number(YamlNode node, string what, double min, double max)
        {
            if (ScalarValue(node, what) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value) && value >= min && value <= max)
            {
                return value;
            }

            Problem(node, min == double.MinValue ? $"'{what}' must be a number" : $"'{what}' must be a number in {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        private int? Required(YamlMappingNode node, string key)
        {
            Problem(node, $"missing '{key}'");
            return null;
        }

        private double? RequiredNumber(YamlMappingNode node, string key)
        {
            Problem(node, $"missing '{key}'");
            return null;
        }

        private void Problem(YamlNode node, string reason) => Problems.Add(new SuiteProblem(file, Line(node), reason));

        private static int Line(YamlNode node) => (int)node.Start.Line;
    }
}
