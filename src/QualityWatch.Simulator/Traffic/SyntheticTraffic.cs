using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Statistics;
using QualityWatch.Simulator.Engine;
using QualityWatch.Simulator.Traffic;

namespace QualityWatch.Simulator;

/// <summary>
/// Synthetic production traffic: LLM call spans produced by the same model engine and scenarios as the simulator's
/// HTTP endpoints, timed in virtual time, with GenAI semantic-convention attributes, started on an <see cref="ActivitySource"/>
/// for whichever exporter the host attaches (the CLI's demo exports them over OTLP http/protobuf).
/// </summary>
public sealed class SyntheticTraffic
{
    /// <summary>Default name of the <see cref="ActivitySource"/> the spans come from.</summary>
    public const string DefaultSourceName = "QualityWatch.Simulator.Traffic";

    /// <summary>How many spans <see cref="ProduceAsync"/> produces between two calls of its flush: an exporter's batch
    /// queue holds twice as many, and a full queue silently drops spans.</summary>
    public const int FlushEvery = 2000;

    private readonly SimulatorOptions? _options;
    private readonly IGoldenAnswerBook? _answers;
    private readonly int _seed;
    private ModelEngine? _engine;

    /// <summary>Traffic from its own engine built from <paramref name="options"/> (same seed and scenarios give the
    /// same faults as a <see cref="SimulatorHost"/>); scenario offsets count from <paramref name="clockStart"/>,
    /// else <see cref="SimulatorOptions.StartTime"/>, else the start of the first emitted window.</summary>
    public SyntheticTraffic(SimulatorOptions options, IGoldenAnswerBook? answers = null, DateTimeOffset? clockStart = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _answers = answers;
        _seed = options.Seed;
        ClockStart = clockStart ?? options.StartTime;
        if (ClockStart is { } start)
        {
            _engine = new ModelEngine(options, answers, start);
        }
    }

    internal SyntheticTraffic(ModelEngine engine, int seed, DateTimeOffset clockStart)
    {
        _engine = engine;
        _seed = seed;
        ClockStart = clockStart;
    }

    /// <summary>Virtual time scenario offsets count from (null until the first emission when not given).</summary>
    public DateTimeOffset? ClockStart { get; private set; }

    /// <summary>Name of the <see cref="ActivitySource"/> the spans come from (unique names keep parallel runs apart).</summary>
    public string SourceName { get; init; } = DefaultSourceName;

    /// <summary>Service name the host's exporter puts on the resource.</summary>
    public string ServiceName { get; init; } = "simulated-llm-app";

    /// <summary>Distinct end users whose ids drive routing stickiness.</summary>
    public int Users { get; init; } = 500;

    /// <summary>Produces the calls of [<paramref name="from"/>, <paramref name="to"/>) on <see cref="SourceName"/> for
    /// the host's exporter (this library only starts activities; the host owns the OpenTelemetry SDK), awaiting
    /// <paramref name="flush"/> after every <see cref="FlushEvery"/> spans and once at the end. Returns the number of
    /// spans produced.</summary>
    public async Task<int> ProduceAsync(DateTimeOffset from, DateTimeOffset to, int callsPerMinute, Func<CancellationToken, Task> flush, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(flush);
        var count = 0;
        foreach (var _ in Produce(from, to, callsPerMinute, ct))
        {
            if (++count % FlushEvery == 0)
            {
                await flush(ct).ConfigureAwait(false);
            }
        }

        await flush(ct).ConfigureAwait(false);
        return count;
    }

    /// <summary>Produces the spans of [<paramref name="from"/>, <paramref name="to"/>) on <see cref="SourceName"/>
    /// without exporting them: whoever listens to the source receives them. Returns the number of spans.</summary>
    public int Produce(DateTimeOffset from, DateTimeOffset to, int callsPerMinute) =>
        Produce(from, to, callsPerMinute, CancellationToken.None).Count();

    private IEnumerable<Activity?> Produce(DateTimeOffset from, DateTimeOffset to, int callsPerMinute, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callsPerMinute);
        var engine = EngineAnchoredAt(from);
        var models = engine.Models.ToArray();
        using var source = new ActivitySource(SourceName);
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            for (var minute = from; minute < to; minute = minute.AddMinutes(1))
            {
                ct.ThrowIfCancellationRequested();
                // Minutes count from the clock's start, as the engine's answer slots do: a replay started at another
                // wall time sends the same traffic.
                var random = new SplitMix64(StableHash.Of(_seed, "traffic", (long)Math.Floor((minute - ClockStart!.Value).TotalMinutes)));
                for (var i = 0; i < callsPerMinute; i++)
                {
                    var at = minute + (TimeSpan.FromMinutes(1) * ((i + random.NextDouble()) / callsPerMinute));
                    if (at >= to)
                    {
                        break;
                    }

                    yield return EmitCall(source, engine, models[random.Next(models.Length)], at, random);
                }
            }
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    private ModelEngine EngineAnchoredAt(DateTimeOffset from)
    {
        // No clock start was given: scenario offsets count from the first window emitted.
        if (_engine is null)
        {
            ClockStart = from;
            _engine = new ModelEngine(_options!, _answers, from);
        }

        return _engine;
    }

    private Activity? EmitCall(ActivitySource source, ModelEngine engine, SimulatedModelOptions model, DateTimeOffset at, SplitMix64 random)
    {
        var user = "user-" + random.Next(Users).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (prompt, _) = TrafficPrompts.Pick(random);
        var protocol = model.Provider switch
        {
            "anthropic" => WireProtocol.Anthropic,
            "gcp.gemini" => WireProtocol.Gemini,
            _ => WireProtocol.OpenAi,
        };
        var connection = $"traffic:{user}:{at.ToUnixTimeSeconds() / 3600}";
        var reply = engine.Answer(
            new SimulatedRequest(protocol, model.Name, prompt, prompt.Length, 2, user, 0.7, null, connection), at);

        var activity = source.StartActivity("chat " + model.Name, ActivityKind.Client, default(ActivityContext), startTime: at);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("gen_ai.provider.name", model.Provider);
        activity.SetTag("gen_ai.operation.name", "chat");
        activity.SetTag("gen_ai.request.model", model.Name);
        activity.SetTag("server.address", ServerAddress(protocol));
        activity.SetTag("server.port", 443);
        activity.SetTag("user.id", user);
        if (reply.Error is { } error)
        {
            var status = StatusCode(protocol, error);
            activity.SetTag("error.type", status);
            activity.SetTag("http.response.status_code", int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error, error.ToString());
            activity.SetEndTime((at + TimeSpan.FromMilliseconds(40 + (200 * random.NextDouble()))).UtcDateTime);
            activity.Stop();
            return activity;
        }

        var finishReason = FinishReason(protocol, reply.Truncated);
        activity.SetTag("gen_ai.response.model", reply.Model);
        activity.SetTag("gen_ai.response.id", "sim-" + random.NextUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        activity.SetTag("gen_ai.usage.input_tokens", (long)reply.InputTokens);
        activity.SetTag("gen_ai.usage.output_tokens", (long)reply.OutputTokens);
        activity.SetTag("gen_ai.response.finish_reasons", new[] { finishReason });
        activity.SetTag("openai.response.system_fingerprint", reply.Fingerprint);
        activity.SetTag("gen_ai.response.time_to_first_chunk", reply.TimeToFirstToken.TotalSeconds);
        activity.SetTag("gen_ai.output.messages", OutputMessages(reply.Text, finishReason));
        activity.SetEndTime((at + reply.Latency).UtcDateTime);
        activity.Stop();
        return activity;
    }

    private static string OutputMessages(string text, string finishReason) =>
        new JsonArray(new JsonObject
        {
            ["role"] = "assistant",
            ["parts"] = new JsonArray(new JsonObject { ["type"] = "text", ["content"] = text }),
            ["finish_reason"] = finishReason,
        }).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string ServerAddress(WireProtocol protocol) => protocol switch
    {
        WireProtocol.Anthropic => "api.anthropic.com",
        WireProtocol.Gemini => "generativelanguage.googleapis.com",
        _ => "api.openai.com",
    };

    private static string FinishReason(WireProtocol protocol, bool truncated) => protocol switch
    {
        WireProtocol.Anthropic => truncated ? "max_tokens" : "end_turn",
        WireProtocol.Gemini => truncated ? "MAX_TOKENS" : "STOP",
        _ => truncated ? "length" : "stop",
    };

    internal static string StatusCode(WireProtocol protocol, SimulatedErrorKind error) => error switch
    {
        SimulatedErrorKind.Unauthorized => "401",
        SimulatedErrorKind.RateLimited => "429",
        SimulatedErrorKind.Overloaded => protocol == WireProtocol.Anthropic ? "529" : "503",
        _ => "500",
    };
}
