using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Telemetry;
using QualityWatch.Canaries.Tests.TestSupport;
using QualityWatch.Core.Canaries;
using QualityWatch.Simulator.Timing;

namespace QualityWatch.Canaries.Tests.Telemetry;

public sealed class CanaryTracingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 8, 30, 0, TimeSpan.Zero);
    private readonly ConcurrentBag<Activity> _spans = [];

    // Every span of any source, this test's or not: the refused call and the one-GenAI-span count look at all of them.
    private readonly ConcurrentBag<Activity> _everySpan = [];
    private readonly ActivityListener _listener;
    private readonly string _runId = "trace-" + Guid.NewGuid().ToString("N")[..8];

    public CanaryTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                _everySpan.Add(activity);

                // Other tests run canaries in parallel: keep only this test's run.
                if (activity.GetTagItem("qualitywatch.canary.run_id") as string == _runId)
                {
                    _spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task RunRoundAsync_ACallRefusedForBudget_LeavesNoResultAndNoSpan()
    {
        var (suite, problems) = SuiteText.Parse("""
            suite: refused
            category: arithmetic
            cases:
              - id: one
                prompt: "What is 2 + 2? Reply with the number only."
                expect: { equals: "4" }
                reference: "4"
            """);
        Assert.Empty(problems);
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite!]));
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            RunId = _runId,
            Suites = [suite!],
            Targets = [SimulatedProviders.Target("openai", host, "broke-openai", o => o.DailyTokenBudget = 10)],
            TimeProvider = new FakeTimeProvider(Start),
        });

        var results = await runner.RunRoundAsync(1, CancellationToken.None);

        Assert.Empty(results);
        Assert.Equal(1, runner.SkippedForBudget);
        Assert.DoesNotContain(_everySpan, span => span.GetTagItem("gen_ai.provider.name") as string == "broke-openai");
    }

    [Fact]
    public async Task RunRoundAsync_EachCall_IsAGenAiSpanOnTheRunnersClock_WithAnEvaluationEvent()
    {
        var suite = RightAndWrongSuite.Named("traced");
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite!]));
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            RunId = _runId,
            Suites = [suite!],
            Targets = [SimulatedProviders.Target("openai", host, "traced-openai")],
            TimeProvider = new FakeTimeProvider(Start),
            CallTimer = new SimulatedCallTimer(0.001),
        });

        var results = await runner.RunRoundAsync(1, CancellationToken.None);

        Assert.Equal(2, _spans.Count);
        foreach (var span in _spans)
        {
            var result = results.Single(r => r.CaseId == (string)span.GetTagItem("qualitywatch.canary.case_id")!);
            Assert.Equal($"chat {SimulatedProviders.Model}", span.DisplayName);
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(Start.UtcDateTime, span.StartTimeUtc);
            Assert.Equal(result.Latency, span.Duration);
            Assert.Equal(span.TraceId.ToHexString(), result.TraceId);
            Assert.Equal(span.SpanId.ToHexString(), result.SpanId);
            Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("traced-openai", span.GetTagItem("gen_ai.provider.name"));
            Assert.Equal(SimulatedProviders.Model, span.GetTagItem("gen_ai.request.model"));
            Assert.Equal(SimulatedProviders.Model, span.GetTagItem("gen_ai.response.model"));
            // Microsoft.Extensions.AI's span: usage as ints, the finish reasons as one JSON string.
            Assert.Equal(result.InputTokens, Convert.ToInt64(span.GetTagItem("gen_ai.usage.input_tokens"), CultureInfo.InvariantCulture));
            Assert.Equal(result.OutputTokens, Convert.ToInt64(span.GetTagItem("gen_ai.usage.output_tokens"), CultureInfo.InvariantCulture));
            Assert.Equal("[\"stop\"]", span.GetTagItem("gen_ai.response.finish_reasons"));
            Assert.Equal("fp_canary_sim", span.GetTagItem("openai.response.system_fingerprint"));
            Assert.Equal("traced", span.GetTagItem("qualitywatch.canary.suite"));
            Assert.Equal("arithmetic", span.GetTagItem("qualitywatch.canary.category"));
            Assert.Null(span.GetTagItem("error.type"));
            var evaluation = Assert.Single(span.Events);
            Assert.Equal("gen_ai.evaluation.result", evaluation.Name);
            var tags = evaluation.Tags.ToDictionary(t => t.Key, t => t.Value);
            Assert.Equal("qualitywatch.canary", tags["gen_ai.evaluation.name"]);
            var passed = result.CaseId == "right";
            Assert.Equal(passed ? "passed" : "failed", span.GetTagItem("qualitywatch.canary.outcome"));
            Assert.Equal(passed ? 1.0 : 0.0, tags["gen_ai.evaluation.score.value"]);
            Assert.Equal(passed ? "pass" : "fail", tags["gen_ai.evaluation.score.label"]);
            Assert.Equal(passed, !tags.ContainsKey("gen_ai.evaluation.explanation"));
        }

        var wrong = _spans.Single(s => (string)s.GetTagItem("qualitywatch.canary.case_id")! == "wrong");
        Assert.Contains("expected \"7\", got \"6\"", (string)wrong.Events.Single().Tags.Single(t => t.Key == "gen_ai.evaluation.explanation").Value!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunRoundAsync_UnavailableCall_SpanCarriesTheExceptionAsErrorTypeTheCanaryErrorTypeAndNoEvaluation()
    {
        var (suite, _) = SuiteText.Parse(SuiteText.OneCase("{ equals: \"x\" }"));
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite!]), 1, SimulatedProviders.ErrorBurst());
        var runner = new CanaryRunner(new CanaryRunnerOptions { RunId = _runId, Suites = [suite!], Targets = [SimulatedProviders.Target("gemini", host)] });

        var result = Assert.Single(await runner.RunRoundAsync(1, CancellationToken.None));

        var span = Assert.Single(_spans);
        Assert.Equal(typeof(QualityWatch.Providers.ProviderUnavailableException).FullName, span.GetTagItem("error.type"));
        Assert.Equal(result.ErrorType, span.GetTagItem("qualitywatch.canary.error_type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("unavailable", span.GetTagItem("qualitywatch.canary.outcome"));
        Assert.Empty(span.Events);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunRoundAsync_ProviderWithLogprobs_CarriesTokensAndGreedyViolationsOnEachTemperatureZeroResultAndSpan(bool streaming)
    {
        var (suite, problems) = SuiteText.Parse("""
            suite: greedy
            category: general
            defaults: { temperature: 0, max_tokens: 400 }
            cases:
              - { id: tides, prompt: "Describe the tides of the northern harbour.", expect: { contains: "tides" } }
              - { id: winds, prompt: "Describe the winds of the southern harbour.", expect: { contains: "winds" } }
              - { id: warm, prompt: "Describe the warm currents.", expect: { contains: "warm" }, options: { temperature: 0.7 } }
            """);
        Assert.Empty(problems);
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite!]), 1, new QualityWatch.Simulator.ScenarioOptions
        {
            Name = "topk-miscompile",
            Parameters = new(StringComparer.OrdinalIgnoreCase) { ["GreedyViolationShare"] = 0.3 },
        });
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            RunId = _runId,
            Suites = [suite!],
            Targets = [SimulatedProviders.Target("openai", host, "greedy-openai", o => o.Logprobs = true)],
            TimeProvider = new FakeTimeProvider(Start),
            CallTimer = new SimulatedCallTimer(0.001),
            Streaming = streaming,
        });

        var results = await runner.RunRoundAsync(1, CancellationToken.None);

        foreach (var result in results.Where(r => r.CaseId != "warm"))
        {
            Assert.True(result.LogprobTokens > 10, $"{result.CaseId}: {result.LogprobTokens} tokens");
            Assert.InRange(result.GreedyViolations!.Value, 1, result.LogprobTokens!.Value - 1);
            var span = _spans.Single(s => (string)s.GetTagItem("qualitywatch.canary.case_id")! == result.CaseId);
            Assert.Equal(result.LogprobTokens, span.GetTagItem("qualitywatch.canary.logprob_tokens"));
            Assert.Equal(result.GreedyViolations, span.GetTagItem("qualitywatch.canary.greedy_violations"));
        }

        // Sampled above temperature 0: nothing asked, nothing reported.
        var warm = results.Single(r => r.CaseId == "warm");
        Assert.Null(warm.LogprobTokens);
        Assert.Null(warm.GreedyViolations);
        Assert.Null(_spans.Single(s => (string)s.GetTagItem("qualitywatch.canary.case_id")! == "warm").GetTagItem("qualitywatch.canary.logprob_tokens"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunRoundAsync_EachCall_HasExactlyOneGenAiSpanInItsTrace_TheTelemetryLayersSpanWithTheCanaryOnIt(bool streaming)
    {
        var suite = RightAndWrongSuite.Named("counted");
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite!]));
        await using var down = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite!]), 1, SimulatedProviders.ErrorBurst());
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            RunId = _runId,
            Suites = [suite!],
            Targets = [SimulatedProviders.Target("openai", host, "counted-openai"), SimulatedProviders.Target("openai", down, "counted-down")],
            TimeProvider = new FakeTimeProvider(Start),
            CallTimer = new SimulatedCallTimer(0.001),
            Streaming = streaming,
        });

        var results = await runner.RunRoundAsync(1, CancellationToken.None);

        Assert.Equal(4, results.Count);
        foreach (var result in results)
        {
            // The HTTP client's spans share the trace; only the telemetry layer's span is a GenAI operation.
            var trace = _everySpan.Where(s => s.TraceId.ToHexString() == result.TraceId).ToList();
            var span = Assert.Single(trace, s => s.GetTagItem("gen_ai.operation.name") is not null);
            Assert.Equal(result.SpanId, span.SpanId.ToHexString());
            Assert.Equal(CanaryTelemetry.SourceName, span.Source.Name);
            Assert.Equal(default, span.ParentSpanId);
            Assert.Equal(result.Outcome.ToString().ToLowerInvariant(), span.GetTagItem("qualitywatch.canary.outcome"));
            Assert.Equal(result.CaseId, span.GetTagItem("qualitywatch.canary.case_id"));
            Assert.Equal(1, span.GetTagItem("qualitywatch.canary.round"));
            Assert.Equal(streaming ? (object)true : null, span.GetTagItem("gen_ai.request.stream"));

            // Set over the telemetry layer's own attributes, never beside them: every key once.
            Assert.All(span.TagObjects.GroupBy(t => t.Key), key => Assert.Single(key));

            // On the runner's clock, not the wall clock, streamed or not.
            Assert.Equal(Start.UtcDateTime, span.StartTimeUtc);
            Assert.Equal(result.Latency, span.Duration);
            if (result.Outcome == CanaryOutcome.Unavailable)
            {
                Assert.Equal(ActivityStatusCode.Error, span.Status);
                Assert.Equal(result.ErrorType, span.GetTagItem("qualitywatch.canary.error_type"));
                Assert.Empty(span.Events);
            }
            else
            {
                Assert.Equal(ActivityStatusCode.Unset, span.Status);
                var evaluation = Assert.Single(span.Events);
                Assert.Equal((result.Timestamp + result.Latency).UtcDateTime, evaluation.Timestamp.UtcDateTime);
                Assert.Equal(streaming ? (object)result.TimeToFirstToken!.Value.TotalSeconds : null, span.GetTagItem("qualitywatch.time_to_first_chunk_seconds"));
            }
        }

        Assert.Equal([CanaryOutcome.Passed, CanaryOutcome.Failed, CanaryOutcome.Unavailable, CanaryOutcome.Unavailable], results.Select(r => r.Outcome));
    }

    [Fact]
    public async Task RunRoundAsync_CancelledByTheCaller_LeavesNoResultAndNoRecordedSpan()
    {
        var (suite, _) = SuiteText.Parse(SuiteText.OneCase("{ equals: \"x\" }"));
        using var cancellation = new CancellationTokenSource();
        // A provider that is still answering when the host stops.
        var stopping = new StoppingChatClient(cancellation);
        var options = new QualityWatch.Providers.ProviderOptions { Name = "stopped-openai", Kind = "openai", Model = SimulatedProviders.Model };
        var runner = new CanaryRunner(new CanaryRunnerOptions { RunId = _runId, Suites = [suite!], Targets = [new CanaryTarget(options, stopping)], Streaming = false });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunRoundAsync(1, cancellation.Token));

        var span = Assert.Single(_everySpan, s => s.GetTagItem("gen_ai.provider.name") as string == "stopped-openai");
        Assert.False(span.Recorded);
    }

    [Fact]
    public async Task RunRoundAsync_AProviderReasonTheAbstractionsDoNotKnow_IsTheSpansOneFinishReason()
    {
        var (suite, _) = SuiteText.Parse(SuiteText.OneCase("{ equals: \"x\" }"));
        var options = new QualityWatch.Providers.ProviderOptions { Name = "raw-reason-openai", Kind = "openai", Model = SimulatedProviders.Model };
        var answer = new ChatResponse(new ChatMessage(ChatRole.Assistant, "x"))
        {
            AdditionalProperties = new() { [QualityWatch.Providers.Adapters.ChatResponseFields.RawFinishReason] = "pause_turn" },
        };
        var runner = new CanaryRunner(new CanaryRunnerOptions { RunId = _runId, Suites = [suite!], Targets = [new CanaryTarget(options, new AnsweringChatClient(answer))], Streaming = false });

        var result = Assert.Single(await runner.RunRoundAsync(1, CancellationToken.None));

        Assert.Equal("pause_turn", result.FinishReason);
        var span = Assert.Single(_spans, s => s.GetTagItem("gen_ai.provider.name") as string == "raw-reason-openai");
        Assert.Equal("[\"pause_turn\"]", Assert.Single(span.TagObjects, t => t.Key == "gen_ai.response.finish_reasons").Value);
    }

    private sealed class AnsweringChatClient(ChatResponse answer) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(answer);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class StoppingChatClient(CancellationTokenSource cancellation) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await cancellation.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return new ChatResponse();
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
