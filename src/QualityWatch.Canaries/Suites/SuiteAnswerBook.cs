using QualityWatch.Core.Canaries;

namespace QualityWatch.Canaries.Suites;

/// <summary>
/// The golden answers of loaded suites, keyed by each case's last user message, so a simulated model can answer
/// canaries correctly (or, under a fault, wrongly) without knowing the suite format.
/// </summary>
public sealed class SuiteAnswerBook : IGoldenAnswerBook
{
    private readonly Dictionary<string, GoldenAnswer> _answers = new(StringComparer.Ordinal);

    /// <summary>Indexes every case of <paramref name="suites"/> that has a reference answer; the first case wins a shared prompt.</summary>
    public SuiteAnswerBook(IEnumerable<CanarySuite> suites)
    {
        ArgumentNullException.ThrowIfNull(suites);
        foreach (var canaryCase in suites.SelectMany(s => s.Cases))
        {
            if (canaryCase.Reference is { } reference)
            {
                _answers.TryAdd(Key(canaryCase.LastUserMessage), new GoldenAnswer(canaryCase.Suite, canaryCase.Id, canaryCase.Category, reference));
            }
        }
    }

    /// <summary>How many prompts the book can answer.</summary>
    public int Count => _answers.Count;

    /// <summary>Loads the suites in <paramref name="directory"/> (bad files are skipped) into a book.</summary>
    public static SuiteAnswerBook FromDirectory(string directory) => new(SuiteLoader.LoadDirectory(directory).Suites);

    /// <inheritdoc />
    public bool TryFind(string lastUserMessage, out GoldenAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(lastUserMessage);
        return _answers.TryGetValue(Key(lastUserMessage), out answer!);
    }

    private static string Key(string message) => message.Trim().ReplaceLineEndings("\n");
}
