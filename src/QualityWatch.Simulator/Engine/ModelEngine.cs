using QualityWatch.Core.Canaries;
using QualityWatch.Core.Statistics;

namespace QualityWatch.Simulator.Engine;

/// <summary>
/// The simulated models: decides, for one call at one virtual instant, the answer text, its correctness, usage,
/// latency and any injected failure. Protocol-free: the APIs and the synthetic traffic both drive it.
/// </summary>
internal sealed class ModelEngine
{
    public const string PrimaryPool = "primary";
    public const string LongContextPool = "long-context";

    // Answers stay the same within one virtual minute at temperature 0; the next minute is a fresh draw.
    private static readonly TimeSpan AnswerSlot = TimeSpan.FromMinutes(1);
    private const int LongContextCharacters = 8000;

    // Above temperature 0 sampling picks a lower candidate often; this share only makes the log-probabilities plausible.
    private const double SampledOffTopShare = 0.2;

    private readonly Dictionary<string, SimulatedModelOptions> _models;
    private readonly List<SimulatedModelOptions> _order;
    private readonly IGoldenAnswerBook? _answers;
    private readonly ScenarioTimeline _timeline;
    private readonly ConnectionRegistry _connections = new();
    private readonly int _seed;
    private readonly DateTimeOffset _clockStart;

    // How many identical calls (same model, prompt, user and virtual instant) came before this one. A call's draws
    // come from what it is and this count, not from its place among all calls: concurrent canaries then cannot shift
    // each other's draws, so a seeded replay gives the same outcomes whatever order its requests arrive in.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, int> _occurrences = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private long _tracked;
    private const int MaxTrackedCalls = 200_000;

    public ModelEngine(SimulatorOptions options, IGoldenAnswerBook? answers, DateTimeOffset clockStart)
    {
        ArgumentNullException.ThrowIfNull(options);
        var models = options.Models.Count > 0 ? options.Models : SimulatorOptions.DefaultModels();
        _models = models.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        _order = [.. models];
        _answers = answers;
        _seed = options.Seed;
        _clockStart = clockStart;
        _timeline = new ScenarioTimeline(options.Scenarios, clockStart);
    }

    public IEnumerable<SimulatedModelOptions> Models => _models.Values;

    public int Seed => _seed;

    public bool TryGetModel(string name, out SimulatedModelOptions model) => _models.TryGetValue(name, out model!);

    public FaultSet FaultsAt(DateTimeOffset now, string model) => _timeline.At(now, model);

    /// <summary>The seed of one call's draws: its identity (time counted from the clock's start) and its occurrence.</summary>
    private ulong CallKey(SimulatedRequest request, DateTimeOffset now)
    {
        var identity = StableHash.Of(_seed, "call", request.Model, request.Prompt, request.UserKey, (now - _clockStart).Ticks);
        var occurrence = _occurrences.AddOrUpdate(identity, 1, static (_, count) => count + 1);
        if (occurrence == 1 && Interlocked.Increment(ref _tracked) > MaxTrackedCalls)
        {
            // Bounded memory: virtual time moves on, so old identities do not come back.
            _occurrences.Clear();
            Interlocked.Exchange(ref _tracked, 0);
        }

        return StableHash.Of(identity, occurrence);
    }

    public string FingerprintOf(SimulatedModelOptions model, FaultSet faults) =>
        faults.Swapped && !faults.SwapKeepsFingerprint ? SwappedFingerprint(model) : model.Fingerprint;

    private string SwappedFingerprint(SimulatedModelOptions model) =>
        "fp_" + (StableHash.Of(_seed, "swap-fingerprint", model.Name) % 0xFFFFFFFFFFUL).ToString("x10", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The model that answers for <paramref name="model"/> under silent-model-swap: the next one configured.</summary>
    public SimulatedModelOptions ImpostorOf(SimulatedModelOptions model) =>
        _order.Count < 2 ? model : _order[(_order.FindIndex(m => string.Equals(m.Name, model.Name, StringComparison.OrdinalIgnoreCase)) + 1) % _order.Count];

    public SimulatorState State(DateTimeOffset now, DateTimeOffset start, double speed) =>
        new(now, start, speed, _seed, _models.Values.Select(m =>
        {
            var faults = FaultsAt(now, m.Name);
            return new ModelState(m.Name, m.Provider, FingerprintOf(m, faults), faults.Active, _calls.GetValueOrDefault(m.Name));
        }).ToArray());

    public SimulatedReply Answer(SimulatedRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = _models[request.Model];
        _calls.AddOrUpdate(model.Name, 1, (_, calls) => calls + 1);
        var faults = FaultsAt(now, model.Name);
        var callKey = CallKey(request, now);
        var perCall = new SplitMix64(callKey);
        var reply = new SimulatedReply { Model = model.Name, At = now, Fingerprint = FingerprintOf(model, faults) };

        if (faults.AuthOutageSince is { } outageSince && request.ConnectionId is { } connection &&
            _connections.FirstSeen(connection, now) >= outageSince)
        {
            return reply with { Error = SimulatedErrorKind.Unauthorized };
        }

        if (request.ConnectionId is { } seen)
        {
            _connections.FirstSeen(seen, now);
        }

        if (faults.ErrorRate > 0 && perCall.NextDouble() < faults.ErrorRate)
        {
            var which = perCall.NextDouble();
            return which < 0.6 ? reply with { Error = SimulatedErrorKind.Overloaded }
                : which < 0.9 ? reply with { Error = SimulatedErrorKind.RateLimited, RetryAfterSeconds = perCall.Next(1, 21) }
                : reply with { Error = SimulatedErrorKind.ServerError };
        }

        // Temperature 0 (or unset, as SDKs without a temperature knob send) answers depend only on seed, model, prompt and time slot.
        // Slots count from the clock's start, not from the epoch, so a replay started at another wall time gives the same answers.
        var slot = (long)Math.Floor((now - _clockStart) / AnswerSlot);
        var deterministic = request.Temperature is null or 0;
        // Under a partial swap, which calls the other model answers is a property of the prompt and slot at temperature
        // 0 (the same case keeps its server for the slot), of the call otherwise.
        var swapped = faults.Swapped && (faults.SwapShare >= 1 ||
            StableHash.Uniform(_seed, "swap-call", model.Name, request.Prompt, slot, deterministic ? 0UL : callKey) < faults.SwapShare);
        var variant = swapped ? "swapped" : "original";
        var answerKey = StableHash.Of(_seed, "answer", model.Name, variant, request.Prompt, slot, deterministic ? 0UL : callKey);
        var answerRandom = new SplitMix64(answerKey);

        var misrouted = faults.RoutingShare > 0 &&
            StableHash.Uniform(_seed, "route", request.UserKey ?? ("anonymous:" + callKey)) < faults.RoutingShare;

        string text;
        bool? correct = null;
        string? category = null;
        if (_answers is not null && _answers.TryFind(request.Prompt, out var golden))
        {
            category = golden.Category;
            var accuracy = model.AccuracyFor(golden.Category) - faults.TopKAccuracyDrop - (swapped ? faults.SwapAccuracyDrop : 0);
            if (misrouted)
            {
                accuracy = IsLongContext(golden.Category, request)
                    ? Math.Min(accuracy, faults.RoutingLongContextAccuracy)
                    : accuracy - faults.RoutingOtherAccuracyDrop;
            }

            correct = answerRandom.NextDouble() < accuracy;
            text = correct.Value ? golden.CorrectAnswer : AnswerWriter.Wrong(golden.CorrectAnswer, answerRandom);
            if (correct.Value && deterministic && faults.TopKDivergenceShare > 0 && answerRandom.NextDouble() < faults.TopKDivergenceShare)
            {
                // Greedy decoding with the most probable token dropped: where that token was the end of the sequence,
                // the runner-up (a newline) is emitted first. The answer still scores right; it is no longer the same
                // bytes as the model's usual temperature-0 answer, which is what sampling-integrity probes look for.
                text += "\n";
            }
        }
        else
        {
            text = AnswerWriter.Plausible(request.Prompt, answerRandom, swapped ? faults.SwapLengthFactor : 1);
            text = AnswerWriter.Styled(text, request.Prompt, (swapped ? ImpostorOf(model) : model).Style, new SplitMix64(StableHash.Of(answerKey, "style")));
        }

        var corrupted = false;
        if (faults.CorruptionShare > 0 && answerRandom.NextDouble() < faults.CorruptionShare)
        {
            if (string.Equals(category, "code", StringComparison.OrdinalIgnoreCase) || AnswerWriter.LooksLikeCode(text))
            {
                text = AnswerWriter.BreakSyntax(text);
                corrupted = true;
            }
            else if (AnswerWriter.IsEnglish(text))
            {
                text = AnswerWriter.AddStrayCharacters(text, answerRandom);
                corrupted = true;
            }
        }

        var truncated = false;
        if (faults.TruncationShare > 0 && answerRandom.NextDouble() < faults.TruncationShare && text.Length > 1)
        {
            text = AnswerWriter.Truncate(text, 0.3 + (0.4 * answerRandom.NextDouble()));
            truncated = true;
        }

        var outputTokens = Tokens(text.Length);
        if (request.MaxTokens is { } max && max > 0 && outputTokens > max)
        {
            text = text[..Math.Min(text.Length, max * 4)];
            outputTokens = max;
            truncated = true;
        }

        var (ttft, latency) = Latency(model, faults, misrouted, outputTokens, perCall);
        return reply with
        {
            Fingerprint = swapped && !faults.SwapKeepsFingerprint ? SwappedFingerprint(model) : model.Fingerprint,
            Text = text,
            Truncated = truncated,
            InputTokens = Tokens(request.InputCharacters) + (3 * request.MessageCount),
            OutputTokens = outputTokens,
            Pool = misrouted ? LongContextPool : PrimaryPool,
            TimeToFirstToken = ttft,
            Latency = latency,
            Correct = correct,
            Category = category,
            Corrupted = corrupted,
            SamplingKey = StableHash.Of(answerKey, "logprobs"),
            GreedyViolationShare = deterministic ? faults.GreedyViolationShare : SampledOffTopShare,
        };
    }

    private static bool IsLongContext(string category, SimulatedRequest request) =>
        category.Contains("long", StringComparison.OrdinalIgnoreCase) || request.InputCharacters >= LongContextCharacters;

    public static int Tokens(int characters) => Math.Max(1, (characters + 3) / 4);

    private static (TimeSpan TimeToFirstToken, TimeSpan Latency) Latency(
        SimulatedModelOptions model, FaultSet faults, bool misrouted, int outputTokens, SplitMix64 random)
    {
        var ttftMs = model.TimeToFirstTokenMedianMs * Math.Exp(model.TimeToFirstTokenSigma * random.NextGaussian());
        var perTokenMs = model.PerTokenMedianMs * Math.Exp(model.PerTokenSigma * random.NextGaussian());
        if (random.NextDouble() < model.TailProbability)
        {
            // Heavy tail: a Pareto(alpha 1.5) slowdown, capped so one call cannot stall a test run.
            ttftMs *= Math.Min(20, Math.Pow(1 - random.NextDouble(), -1 / 1.5));
        }

        if (misrouted)
        {
            // The long-context pool: slower to start, slightly faster per token.
            ttftMs *= 1.8;
            perTokenMs *= 0.8;
        }

        ttftMs *= faults.LatencyMultiplier;
        perTokenMs *= faults.LatencyMultiplier;
        var ttft = TimeSpan.FromMilliseconds(ttftMs);
        return (ttft, ttft + TimeSpan.FromMilliseconds(perTokenMs * outputTokens));
    }
}
