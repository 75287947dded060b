using System.Globalization;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Simulator.Tests.TestSupport;

/// <summary>A small golden answer book built in memory: arithmetic, long-context, code and general cases.</summary>
internal sealed class InMemoryGoldenBook : IGoldenAnswerBook
{
    private readonly Dictionary<string, GoldenAnswer> _answers = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Prompt, GoldenAnswer Answer)> Cases => _answers.Select(p => (p.Key, p.Value)).ToArray();

    public static InMemoryGoldenBook Create(int arithmetic = 40, int longContext = 20, int code = 10, int general = 10)
    {
        var book = new InMemoryGoldenBook();
        for (var i = 0; i < arithmetic; i++)
        {
            var a = 17 + (i * 13);
            var b = 250 + (i * 7);
            book.Add($"What is {a} + {b}? Answer with the number only.", "arithmetic", (a + b).ToString(CultureInfo.InvariantCulture));
        }

        var filler = string.Concat(Enumerable.Repeat("The archive lists shipments, invoices and warehouse transfers in order. ", 150));
        for (var i = 0; i < longContext; i++)
        {
            book.Add($"{filler} The secret code for box {i} is ORCHID-{i * 31}. {filler} What is the secret code for box {i}?", "long-context", $"ORCHID-{i * 31}");
        }

        for (var i = 0; i < code; i++)
        {
            book.Add($"Write a Python function named square_{i} that returns x squared.", "code", $"def square_{i}(x):\n    return (x * x)");
        }

        string[] capitals = ["Paris", "Madrid", "Rome", "Berlin", "Lisbon", "Vienna", "Prague", "Dublin", "Warsaw", "Athens"];
        for (var i = 0; i < general; i++)
        {
            book.Add($"Case {i}: name the capital city in the travel note about {capitals[i % capitals.Length]}.", "general", $"The capital is {capitals[i % capitals.Length]}.");
        }

        return book;
    }

    public void Add(string prompt, string category, string answer) =>
        _answers[prompt] = new GoldenAnswer("test-suite", "case-" + _answers.Count.ToString(CultureInfo.InvariantCulture), category, answer);

    public bool TryFind(string lastUserMessage, out GoldenAnswer answer) => _answers.TryGetValue(lastUserMessage, out answer!);
}
