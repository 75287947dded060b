using System.Text.Json.Serialization;

namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// The healthy answers kept per identity for (re)training, newest last, persisted in two parts: a checkpoint of the
/// whole pool (<see cref="FingerprintPoolRecord"/>, its own stored record, written once per <see cref="Generation"/>)
/// and the answers pooled since (<see cref="Tail"/>, in the engine snapshot). The pool changes by a round's answers
/// per pass but is read only when the model is retrained, so re-serialising its thousands of answers into every
/// pass's snapshot would be all cost: the snapshot carries at most a model's pool's worth of new answers, after which
/// they are folded into a new checkpoint.
/// </summary>
internal sealed class FingerprintPool
{
    /// <summary>The checkpoint the <see cref="Tail"/> continues; 0 before the first.</summary>
    public long Generation { get; set; }

    /// <summary>Answers pooled since the checkpoint, per identity, oldest first.</summary>
    public Dictionary<string, List<StoredAnswer>> Tail { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The whole pool: the checkpoint's answers followed by the tail's, at most the pool's size per identity.</summary>
    [JsonIgnore]
    public Dictionary<string, List<StoredAnswer>> Answers { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>The pool as of the last checkpoint, null before the first: what the pool record holds.</summary>
    [JsonIgnore]
    public FingerprintPoolRecord? Checkpoint { get; private set; }

    /// <summary>Answers in the tail, all identities together.</summary>
    [JsonIgnore]
    public int TailCount => Tail.Values.Sum(t => t.Count);

    /// <summary>
    /// Adds <paramref name="answer"/> to <paramref name="identity"/>'s pool, dropping its oldest beyond
    /// <paramref name="capacity"/>, and checkpoints once the tail holds <paramref name="capacity"/> answers.
    /// </summary>
    public void Add(string identity, StoredAnswer answer, int capacity)
    {
        if (!Answers.TryGetValue(identity, out var pool))
        {
            Answers[identity] = pool = [];
        }

        pool.Add(answer);
        if (pool.Count > capacity)
        {
            // Oldest first: the pool follows the model as it is now. The tail is shorter than the capacity (it is
            // checkpointed on reaching it), so only checkpointed answers are dropped here.
            pool.RemoveRange(0, pool.Count - capacity);
        }

        if (!Tail.TryGetValue(identity, out var tail))
        {
            Tail[identity] = tail = [];
        }

        tail.Add(answer);
        if (TailCount >= capacity)
        {
            TakeCheckpoint();
        }
    }

    /// <summary>Empties <paramref name="identity"/>'s pool (a change accepted as the new normal); the checkpoint follows.</summary>
    public void Remove(string identity)
    {
        if (Answers.Remove(identity))
        {
            // A tail can only add to the checkpoint, not take from it: the emptied pool needs a checkpoint of its own.
            Tail.Remove(identity);
            TakeCheckpoint();
        }
    }

    /// <summary>Starts a new generation: the whole pool becomes the checkpoint, and the tail starts empty.</summary>
    public void TakeCheckpoint()
    {
        Generation++;
        Checkpoint = new FingerprintPoolRecord
        {
            Generation = Generation,
            Answers = Answers.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal),
        };
        Tail.Clear();
    }

    /// <summary>
    /// Rebuilds the pool after a restore from <paramref name="record"/> and the deserialised tail, each identity cut to
    /// its newest <paramref name="capacity"/> answers. Snapshots written before the pool had its own record carry it
    /// whole (<paramref name="inline"/>); it becomes the first checkpoint. A record missing or of another generation
    /// (not saved with this snapshot) leaves the tail alone: retraining data is lost, never the trained model.
    /// </summary>
    public void Restore(FingerprintPoolRecord? record, Dictionary<string, List<StoredAnswer>>? inline, int capacity)
    {
        if (inline is not null)
        {
            Answers = Trimmed(inline, capacity);
            Generation = Math.Max(Generation, record?.Generation ?? 0);
            TakeCheckpoint();
            return;
        }

        if (Generation == 0 && record is null)
        {
            Answers = Trimmed(Tail, capacity);
            Checkpoint = null;
            return;
        }

        if (record is not null && record.Generation == Generation)
        {
            var answers = record.Answers.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal);
            foreach (var (identity, tail) in Tail)
            {
                if (!answers.TryGetValue(identity, out var pool))
                {
                    answers[identity] = pool = [];
                }

                pool.AddRange(tail);
            }

            Answers = Trimmed(answers, capacity);
            Checkpoint = record;
            return;
        }

        // The next save must write a record again, under a generation that differs from the stored one.
        Answers = Trimmed(Tail, capacity);
        Generation = Math.Max(Generation, record?.Generation ?? 0);
        TakeCheckpoint();
    }

    private static Dictionary<string, List<StoredAnswer>> Trimmed(Dictionary<string, List<StoredAnswer>> pool, int capacity) =>
        pool.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => p.Value.Skip(Math.Max(0, p.Value.Count - capacity)).ToList(), StringComparer.Ordinal);
}
