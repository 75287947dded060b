using System.Text.Json;
using QualityWatch.Detection.Engine;

namespace QualityWatch.Detection.Tests.Engine;

public sealed class PendingChecksTests
{
    [Fact]
    public void Checks_leave_in_the_order_they_came_across_word_boundaries()
    {
        var pending = new PendingChecks();
        var outcomes = Enumerable.Range(0, 300).Select(i => i % 3 == 0 || i % 7 == 0).ToList();
        foreach (var passed in outcomes.Take(200))
        {
            pending.Enqueue(passed);
        }

        var seen = new List<bool>();
        for (int i = 0; i < 150; i++)
        {
            seen.Add(pending.Dequeue());
        }

        foreach (var passed in outcomes.Skip(200))
        {
            pending.Enqueue(passed);
        }

        Assert.Equal(150, pending.Count);
        Assert.Equal(outcomes.Skip(150).Count(p => p), pending.Passed);
        while (pending.Count > 0)
        {
            seen.Add(pending.Dequeue());
        }

        Assert.Equal(outcomes, seen);
        Assert.Empty(pending.Words);
    }

    [Fact]
    public void Pending_checks_survive_a_json_round_trip()
    {
        var pending = new PendingChecks();
        for (int i = 0; i < 130; i++)
        {
            pending.Enqueue(i % 5 != 0);
        }

        pending.Dequeue();
        var restored = JsonSerializer.Deserialize<PendingChecks>(JsonSerializer.Serialize(pending))!;
        Assert.Equal(pending.Count, restored.Count);
        Assert.Equal(pending.Passed, restored.Passed);
        while (pending.Count > 0)
        {
            Assert.Equal(pending.Dequeue(), restored.Dequeue());
        }
    }

    [Fact]
    public void Dequeuing_an_empty_queue_says_so()
    {
        Assert.Throws<InvalidOperationException>(() => new PendingChecks().Dequeue());
    }
}
