using QualityWatch.Core.Statistics;

namespace QualityWatch.Simulator.Traffic;

/// <summary>Prompts of synthetic production traffic: short questions, code requests and long-context documents.</summary>
internal static class TrafficPrompts
{
    private static readonly string[] Questions =
    [
        "Summarise the customer's complaint about the delayed delivery in two sentences.",
        "Explain the difference between a process and a thread.",
        "Draft a polite reply declining the meeting invitation for Friday.",
        "What are the main risks of migrating the billing database this quarter?",
        "Classify the sentiment of this review: the battery life is disappointing but the screen is great.",
        "Give three name ideas for an internal analytics tool.",
        "Translate the release note into plain English for non-technical users.",
        "List the steps to rotate an API key without downtime.",
    ];

    private static readonly string[] CodeRequests =
    [
        "Write a Python function that parses an ISO date and returns the weekday.",
        "Write a C# method that retries an HTTP call with exponential backoff.",
        "Write a SQL query that returns the ten most active users in the last week.",
    ];

    private static readonly string LongDocument = string.Concat(Enumerable.Repeat(
        "Section: the quarterly operations report describes incident counts, response times, staffing and budget. ", 100));

    /// <summary>A prompt with its category (general, code, long-context).</summary>
    public static (string Prompt, string Category) Pick(SplitMix64 random)
    {
        var draw = random.NextDouble();
        if (draw < 0.15)
        {
            return (LongDocument + " Question: which section mentions budget overruns?", "long-context");
        }

        return draw < 0.35
            ? (CodeRequests[random.Next(CodeRequests.Length)], "code")
            : (Questions[random.Next(Questions.Length)], "general");
    }
}
