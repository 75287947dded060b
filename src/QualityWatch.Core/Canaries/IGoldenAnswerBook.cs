namespace QualityWatch.Core.Canaries;

/// <summary>
/// Looks up the reference answer of a golden prompt. The simulator uses it to answer canaries correctly
/// (or, under a fault, wrongly) without knowing the suite file format.
/// </summary>
public interface IGoldenAnswerBook
{
    /// <summary>Finds the golden answer for the last user message of a conversation.</summary>
    bool TryFind(string lastUserMessage, out GoldenAnswer answer);
}
