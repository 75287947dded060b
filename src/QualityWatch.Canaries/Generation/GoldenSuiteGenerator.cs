using System.Globalization;
using QualityWatch.Core.Statistics;

namespace QualityWatch.Canaries.Generation;

/// <summary>
/// Generates the shipped golden suites. Wherever an answer is computable (arithmetic, formatting, program output,
/// needles) it is computed here, from a fixed seed, by the same code that writes the expectation; factual and
/// translation answers come from small curated tables.
/// </summary>
public static class GoldenSuiteGenerator
{
    private const int Seed = 20261121;

    /// <summary>All shipped suites, in a fixed order.</summary>
    public static IReadOnlyList<GeneratedSuite> Generate() =>
    [
        Arithmetic(new SplitMix64(Seed + 1)),
        Factual(),
        Format(new SplitMix64(Seed + 3)),
        Code(new SplitMix64(Seed + 4)),
        LongContext(new SplitMix64(Seed + 5)),
        Multilingual(),
        Determinism(new SplitMix64(Seed + 7)),
    ];

    private static GeneratedSuite Arithmetic(SplitMix64 random)
    {
        var cases = new List<GeneratedCase>();
        for (var i = 1; i <= 12; i++)
        {
            var (a, b) = (random.Next(10, 10_000), random.Next(10, 10_000));
            cases.Add(Exact($"add-{i:D3}", $"What is {a} + {b}? Reply with the number only.", a + b, "addition"));
        }

        for (var i = 1; i <= 12; i++)
        {
            var (a, b) = (random.Next(10, 10_000), random.Next(10, 10_000));
            cases.Add(Exact($"sub-{i:D3}", $"What is {a} - {b}? Reply with the number only.", a - b, "subtraction"));
        }

        for (var i = 1; i <= 12; i++)
        {
            var (a, b) = (random.Next(12, 1_000), random.Next(2, 100));
            var product = a * b;
            cases.Add(new GeneratedCase(
                $"mul-{i:D3}",
                $"What is {a} × {b}? Reply with the number only.",
                [E("number", Map(("value", product))), E("max_chars", 12), E("regex", "^-?[0-9,]+$")],
                Int(product),
                ["arithmetic", "multiplication"]));
        }

        for (var i = 1; i <= 7; i++)
        {
            var (divisor, quotient) = (random.Next(2, 51), random.Next(2, 501));
            cases.Add(Exact($"div-{i:D3}", $"What is {divisor * quotient} divided by {divisor}? Reply with the number only.", quotient, "division"));
        }

        for (var i = 1; i <= 7; i++)
        {
            var (a, b) = (random.Next(100, 10_000), random.Next(3, 60));
            cases.Add(Exact($"mod-{i:D3}", $"What is the remainder when {a} is divided by {b}? Reply with the number only.", a % b, "modulo"));
        }

        return new GeneratedSuite("arithmetic", "Integer arithmetic with one exact answer", "arithmetic", Defaults(16), cases);

        static GeneratedCase Exact(string id, string prompt, long answer, string tag) =>
            new(id, prompt, [E("equals", Int(answer))], Int(answer), ["arithmetic", tag]);
    }

    private static GeneratedSuite Factual()
    {
        (string Country, string Capital)[] capitals =
        [
            ("France", "Paris"), ("Japan", "Tokyo"), ("Italy", "Rome"), ("Spain", "Madrid"), ("Germany", "Berlin"),
            ("Canada", "Ottawa"), ("Australia", "Canberra"), ("Egypt", "Cairo"), ("Kenya", "Nairobi"), ("Norway", "Oslo"),
            ("Portugal", "Lisbon"), ("Argentina", "Buenos Aires"), ("Peru", "Lima"), ("Greece", "Athens"), ("Poland", "Warsaw"),
        ];
        (string Element, string Symbol)[] symbols =
        [
            ("gold", "Au"), ("silver", "Ag"), ("iron", "Fe"), ("sodium", "Na"), ("potassium", "K"), ("lead", "Pb"), ("tin", "Sn"), ("mercury", "Hg"),
        ];
        (string Id, string Question, string Answer, bool IsNumber)[] facts =
        [
            ("planets-count", "How many planets are in the Solar System? Reply with the number only.", "8", true),
            ("planet-closest-sun", "Which planet is closest to the Sun? Reply with its name only.", "Mercury", false),
            ("planet-largest", "What is the largest planet in the Solar System? Reply with its name only.", "Jupiter", false),
            ("hexagon-sides", "How many sides does a hexagon have? Reply with the number only.", "6", true),
            ("water-boiling-c", "At sea level, what is the boiling point of water in degrees Celsius? Reply with the number only.", "100", true),
            ("leap-year-days", "How many days are in a leap year? Reply with the number only.", "366", true),
            ("author-pride-prejudice", "Who wrote the novel 'Pride and Prejudice'? Reply with the author's full name only.", "Jane Austen", false),
        ];

        var cases = new List<GeneratedCase>();
        foreach (var (country, capital) in capitals)
        {
            cases.Add(new GeneratedCase(
                $"capital-{Slug(country)}",
                $"What is the capital city of {country}? Reply with the city name only.",
                [E("one_of", new[] { capital, capital.ToLowerInvariant(), capital + "." }), E("script", new[] { "Latin", "Common" })],
                capital,
                ["factual", "geography"],
                System: "Answer with as few words as possible."));
        }

        foreach (var (element, symbol) in symbols)
        {
            cases.Add(new GeneratedCase(
                $"symbol-{element}",
                $"What is the chemical symbol for {element}? Reply with the symbol only.",
                [E("equals", symbol), E("max_chars", 2)],
                symbol,
                ["factual", "chemistry"]));
        }

        foreach (var (id, question, answer, isNumber) in facts)
        {
            var expect = isNumber
                ? [E("number", Map(("value", int.Parse(answer, CultureInfo.InvariantCulture)))), E("max_chars", 8)]
                : new List<KeyValuePair<string, object>> { E("icontains", answer), E("max_chars", 40) };
            cases.Add(new GeneratedCase(id, question, expect, answer, ["factual", "general"]));
        }

        return new GeneratedSuite("factual", "Short factual recall with one accepted answer", "factual", Defaults(16), cases);
    }

    private static GeneratedSuite Format(SplitMix64 random)
    {
        var cases = new List<GeneratedCase>();
        for (var i = 1; i <= 10; i++)
        {
            var (a, b) = (random.Next(1, 1000), random.Next(1, 1000));
            cases.Add(new GeneratedCase(
                $"json-sum-{i:D3}",
                $"Return only a JSON object with a single key \"sum\" whose value is the sum of {a} and {b}. No prose, no code fences.",
                [E("json", Map(("path", "$.sum"), ("value", a + b))), E("not_contains", "```")],
                $"{{\"sum\": {Int(a + b)}}}",
                ["format", "json"]));
        }

        for (var i = 1; i <= 5; i++)
        {
            var n = 3 + i;
            var squares = Enumerable.Range(1, n).Select(k => k * k).ToList();
            cases.Add(new GeneratedCase(
                $"json-squares-{i:D3}",
                $"Return only a JSON array holding the first {n} square numbers, starting with 1. No prose, no code fences.",
                [E("json", Map(("path", $"$[{n - 1}]"), ("value", n * n))), E("regex", @"^\s*\[[0-9,\s]+\]\s*$")],
                "[" + string.Join(", ", squares.Select(Int)) + "]",
                ["format", "json"]));
        }

        string[] phrases = ["quiet river morning", "silver lantern keeper", "seven brass keys", "northern orchard path", "copper harbour bells"];
        for (var i = 0; i < phrases.Length; i++)
        {
            var upper = phrases[i].ToUpperInvariant();
            cases.Add(new GeneratedCase(
                $"upper-{i + 1:D3}",
                $"Convert this text to upper case and reply with the result only: {phrases[i]}",
                [E("equals", upper), E("regex", "^[A-Z ]+$")],
                upper,
                ["format", "exact"]));
        }

        string[] words = ["lantern", "orchard", "harbour", "compass", "meadow"];
        for (var i = 0; i < words.Length; i++)
        {
            var reversed = new string(words[i].Reverse().ToArray());
            cases.Add(new GeneratedCase(
                $"reverse-{i + 1:D3}",
                $"Reverse the letters of the word \"{words[i]}\". Reply with the reversed word only, in lower case.",
                [E("equals", reversed)],
                reversed,
                ["format", "exact"]));
        }

        string[] pool = ["pear", "apple", "fig", "plum", "kiwi", "lime", "date", "grape", "mango", "melon", "cherry", "banana"];
        for (var i = 1; i <= 5; i++)
        {
            var chosen = pool.OrderBy(_ => random.NextUInt64()).Take(4 + (i % 3)).ToList();
            var sorted = chosen.Order(StringComparer.Ordinal).ToList();
            cases.Add(new GeneratedCase(
                $"sort-{i:D3}",
                $"Sort these words alphabetically and reply with them separated by commas, without spaces: {string.Join(" ", chosen)}",
                [E("equals", string.Join(",", sorted)), E("not_contains", " ")],
                string.Join(",", sorted),
                ["format", "exact"]));
        }

        return new GeneratedSuite("format", "Instruction and format following: JSON and exact output", "format", Defaults(128), cases);
    }

    private static GeneratedSuite Code(SplitMix64 random)
    {
        const string Ask = "What does this Python 3 program print? Reply with the printed output only.\n\n";
        var cases = new List<GeneratedCase>();
        string[] words = ["alpha", "river", "stone", "maple", "ember", "quartz", "willow", "falcon", "cobalt", "meadow"];
        for (var i = 1; i <= 6; i++)
        {
            var n = random.Next(5, 500);
            cases.Add(Program($"sum-range-{i:D3}", $"print(sum(range({n})))", Int((long)n * (n - 1) / 2)));
        }

        for (var i = 1; i <= 6; i++)
        {
            var text = string.Join(" ", Enumerable.Range(0, 2 + (i % 3)).Select(_ => random.Pick(words)));
            cases.Add(Program($"len-{i:D3}", $"print(len(\"{text}\"))", Int(text.Length)));
        }

        for (var i = 1; i <= 6; i++)
        {
            var text = random.Pick(words) + random.Pick(words);
            cases.Add(Program($"slice-reverse-{i:D3}", $"print(\"{text}\"[::-1])", new string(text.Reverse().ToArray())));
        }

        for (var i = 1; i <= 6; i++)
        {
            var (a, b) = (random.Next(20, 1000), random.Next(2, 20));
            cases.Add(Program($"divmod-{i:D3}", $"a, b = {a}, {b}\nprint(a // b, a % b)", $"{Int(a / b)} {Int(a % b)}"));
        }

        for (var i = 1; i <= 6; i++)
        {
            var items = Enumerable.Range(0, 5).Select(_ => random.Next(0, 100)).ToList();
            var sorted = items.Order().ToList();
            cases.Add(Program($"sorted-{i:D3}", $"print(sorted([{string.Join(", ", items.Select(Int))}]))", "[" + string.Join(", ", sorted.Select(Int)) + "]"));
        }

        return new GeneratedSuite("code", "Code output prediction: short Python programs with one printed output", "code", Defaults(64), cases);

        static GeneratedCase Program(string id, string source, string output) =>
            new(id, Ask + source, [E("equals", output)], output, ["code", "python"]);
    }

    private static GeneratedSuite LongContext(SplitMix64 random)
    {
        int[] fillerTokens = [3000, 3500, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000, 18000, 19000, 20000, 8000];
        string[] colours = ["amber", "azure", "crimson", "emerald", "ivory", "jade", "lilac", "ochre", "scarlet", "teal"];
        string[] places = ["vault", "locker", "archive", "cellar"];
        var cases = new List<GeneratedCase>();
        for (var i = 0; i < fillerTokens.Length; i++)
        {
            var label = $"{colours[i % colours.Length]} {places[i / colours.Length % places.Length]}";
            var code = random.Next(1000, 10_000);
            var position = (1 + ((i * 7) % 9)) / 10.0;
            cases.Add(new GeneratedCase(
                $"needle-{i + 1:D3}",
                $"What is the access code for the {label}? Reply with the number only.",
                [E("equals", Int(code))],
                Int(code),
                ["long-context", "needle", $"tokens-{fillerTokens[i]}"],
                Generate: new Dictionary<string, object>
                {
                    ["kind"] = "needle",
                    ["filler_tokens"] = fillerTokens[i],
                    ["seed"] = i + 7,
                    ["position"] = position,
                    ["needle"] = $"The access code for the {label} is {Int(code)}.",
                }));
        }

        return new GeneratedSuite("long-context", "Long-context retrieval: one fact hidden in 3k-20k tokens of generated filler", "long-context", Defaults(16), cases);
    }

    private static GeneratedSuite Multilingual()
    {
        (string Language, string Script, string Task, string Slug, string[] Accepted)[] items =
        [
            ("Russian", "Cyrillic", "the capital city of France", "capital-france", ["Париж"]),
            ("Russian", "Cyrillic", "the capital city of Germany", "capital-germany", ["Берлин"]),
            ("Greek", "Greek", "the capital city of Greece", "capital-greece", ["Αθήνα"]),
            ("Japanese", "Han", "the capital city of Japan", "capital-japan", ["東京", "東京都"]),
            ("Chinese", "Han", "the capital city of China", "capital-china", ["北京", "北京市"]),
            ("Korean", "Hangul", "the capital city of South Korea", "capital-korea", ["서울", "서울특별시"]),
            ("Arabic", "Arabic", "the capital city of Egypt", "capital-egypt", ["القاهرة"]),
            ("Hindi", "Devanagari", "the capital city of India", "capital-india", ["नई दिल्ली", "दिल्ली"]),
            ("Thai", "Thai", "the capital city of Thailand", "capital-thailand", ["กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ"]),
            ("Russian", "Cyrillic", "the number three written as a word", "three", ["три", "Три"]),
            ("Greek", "Greek", "the number three written as a word", "three", ["τρία", "Τρία"]),
            ("Japanese", "Han", "the number three written as a single character", "three", ["三"]),
            ("Chinese", "Han", "the number three written as a single character", "three", ["三"]),
            ("Korean", "Hangul", "the number three written as a word", "three", ["셋", "삼"]),
            ("Hindi", "Devanagari", "the number three written as a word", "three", ["तीन"]),
            ("Thai", "Thai", "the number three written as a word", "three", ["สาม"]),
            ("Arabic", "Arabic", "the number three written as a word", "three", ["ثلاثة", "ثلاث"]),
            ("Russian", "Cyrillic", "the word for water", "water", ["вода", "Вода"]),
            ("Greek", "Greek", "the word for water", "water", ["νερό", "Νερό"]),
            ("Japanese", "Han", "the word for water, written in kanji", "water", ["水"]),
            ("Chinese", "Han", "the word for water", "water", ["水"]),
            ("Korean", "Hangul", "the word for water", "water", ["물"]),
            ("Thai", "Thai", "the word for water", "water", ["น้ำ"]),
            ("Hindi", "Devanagari", "the word for water", "water", ["पानी", "जल"]),
            ("Arabic", "Arabic", "the word for water", "water", ["ماء", "مياه"]),
        ];
        var cases = new List<GeneratedCase>();
        foreach (var (language, script, task, slug, accepted) in items)
        {
            cases.Add(new GeneratedCase(
                $"{Slug(language)}-{slug}",
                $"Write {task} in {language}. Reply with that word only, in {language} script, with no transliteration.",
                [E("one_of", accepted), E("script", new[] { script, "Common" })],
                accepted[0],
                new[] { "multilingual", Slug(language), script.ToLowerInvariant() }.Distinct().ToList()));
        }

        return new GeneratedSuite("multilingual", "Answers in other languages that must stay in their script (catches stray Thai/Han characters)", "multilingual", Defaults(16), cases);
    }

    private static GeneratedSuite Determinism(SplitMix64 random)
    {
        const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var options = new Dictionary<string, object> { ["temperature"] = 0.0, ["seed"] = 1234 };
        var cases = new List<GeneratedCase>();
        for (var i = 1; i <= 10; i++)
        {
            var token = "QW-" + new string(Enumerable.Range(0, 4).Select(_ => Alphabet[random.Next(0, Alphabet.Length)]).ToArray())
                + "-" + new string(Enumerable.Range(0, 4).Select(_ => Alphabet[random.Next(0, Alphabet.Length)]).ToArray());
            cases.Add(new GeneratedCase(
                $"echo-{i:D3}",
                $"Repeat this token exactly, with nothing before or after it: {token}",
                [E("equals", token), E("regex", "^QW-[A-Z0-9]{4}-[A-Z0-9]{4}$")],
                token,
                ["determinism", "echo"],
                Repeat: 3,
                Options: options));
        }

        for (var i = 1; i <= 10; i++)
        {
            var (start, step) = (random.Next(-50, 200), random.Next(2, 40));
            var sequence = string.Join(", ", Enumerable.Range(0, 4).Select(k => Int(start + (k * step))));
            cases.Add(new GeneratedCase(
                $"sequence-{i:D3}",
                $"What is the next number in the sequence {sequence}? Reply with the number only.",
                [E("equals", Int(start + (4 * step)))],
                Int(start + (4 * step)),
                ["determinism", "sequence"],
                Repeat: 3,
                Options: options));
        }

        return new GeneratedSuite("determinism", "Determinism probes: temperature 0, fixed seed, each case sent three times per round", "determinism", Defaults(32), cases);
    }

    private static Dictionary<string, object> Defaults(int maxTokens) => new() { ["temperature"] = 0.0, ["max_tokens"] = maxTokens };

    private static KeyValuePair<string, object> E(string key, object value) => new(key, value);

    private static Dictionary<string, object> Map(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Int(int value) => Int((long)value);

    private static string Slug(string text) => text.ToLowerInvariant().Replace(' ', '-');
}
