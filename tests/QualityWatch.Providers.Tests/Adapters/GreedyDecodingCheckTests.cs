using OpenAI.Chat;
using QualityWatch.Providers.Adapters;

namespace QualityWatch.Providers.Tests.Adapters;

public sealed class GreedyDecodingCheckTests
{
    private static ChatTokenLogProbabilityDetails Token(float logprob, params float[] top) =>
        OpenAIChatModelFactory.ChatTokenLogProbabilityDetails("x", logprob, null, top.Select(t => OpenAIChatModelFactory.ChatTokenTopLogProbabilityDetails("y", t, null)).ToList());

    [Fact]
    public void Count_ChosenBelowTheBestCandidate_IsAViolation_ButTiesRoundingNoiseAndTokensWithoutCandidatesAreNot()
    {
        var tokens = new[]
        {
            Token(-0.1f, -0.1f, -2f),          // greedy
            Token(-0.7f, -0.7f, -0.7f),        // exact tie: either is greedy
            Token(-0.5f, -0.4999996f),         // within the tolerance
            Token(-1.2f, -0.3f, -1.2f),        // a more probable candidate existed
            Token(-0.2f),                      // no candidates reported: not inspected
        };

        Assert.Equal((4L, 1L), GreedyDecodingCheck.Count(tokens));
    }
}
