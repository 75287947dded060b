using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.TestSupport.Metrics;

namespace QualityWatch.Collector.Tests.Metrics;

/// <summary><c>/metrics</c> is the OpenTelemetry Prometheus exporter's exposition of the catalogue, and passes the real <c>promtool check metrics</c>.</summary>
public sealed class MetricsApiTests
{
    [Fact]
    public async Task Metrics_AfterIngest_PassPromtoolAndCarryTheCatalogue()
    {
        await using var host = await CollectorHost.StartAsync(
            new Dictionary<string, string?> { ["Collector:SloTargets:0:Provider"] = "openai", ["Collector:SloTargets:0:Model"] = "gpt-4o", ["Collector:SloTargets:0:Target"] = "0.999" });
        var streamed = Spans.Llm(extra: [Spans.Attr("gen_ai.response.time_to_first_chunk", 0.25), Spans.Attr("gen_ai.usage.cost", 0.002)]);
        var canaryPass = Spans.Llm(extra: [Spans.Attr("qualitywatch.canary.suite", "arithmetic"), Spans.Attr("qualitywatch.canary.case_id", "add-1"), Spans.Attr("qualitywatch.canary.category", "math"), Spans.Attr("qualitywatch.canary.outcome", "passed"), Spans.Attr("openai.response.system_fingerprint", "fp_1")]);
        var canaryFail = Spans.Llm(extra: [Spans.Attr("qualitywatch.canary.suite", "arithmetic"), Spans.Attr("qualitywatch.canary.case_id", "add-2"), Spans.Attr("qualitywatch.canary.category", "math"), Spans.Attr("qualitywatch.canary.outcome", "failed"), Spans.Attr("openai.response.system_fingerprint", "fp_2")]);
        var thai = Spans.Llm(extra: [Spans.Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"The answer is สวัสดี 4"}]}]""")]);
        var failed = Spans.Llm(extra: [Spans.Attr("error.type", "timeout")]);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(streamed, canaryPass, canaryFail, thai, failed, Spans.Plain())))).StatusCode);

        var text = await host.Http.GetStringAsync("/metrics");
        var metrics = PrometheusExposition.Parse(text);

        (string, string)[] series = [("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "gpt-4o"), ("gen_ai_operation_name", "chat"), ("region", "")];
        (string, string)[] providerModel = [("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "gpt-4o"), ("region", "")];
        Assert.Equal(1, metrics.Value("gen_ai_client_operation_duration_seconds_bucket", [.. series, ("error_type", "timeout"), ("le", "81.92")]));
        Assert.Equal(4, metrics.Value("gen_ai_client_operation_duration_seconds_count", [.. series, ("error_type", "")]));
        Assert.Equal(1, metrics.Value("gen_ai_client_operation_time_to_first_chunk_seconds_count", series));
        Assert.Equal(60, metrics.Value("gen_ai_client_token_usage_sum", [.. series, ("gen_ai_token_type", "input")]));
        Assert.Equal(1, metrics.Value("qualitywatch_canary_results_total", ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "gpt-4o"), ("suite", "arithmetic"), ("category", "math"), ("outcome", "failed")));
        Assert.Equal(0.5, metrics.Value("qualitywatch_canary_pass_ratio", ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "gpt-4o"), ("suite", "arithmetic")));
        Assert.Equal(1, metrics.Value("qualitywatch_canary_fingerprint_changes_total", ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "gpt-4o")));
        Assert.Equal(1, metrics.Value("qualitywatch_outputs_unexpected_script_total", providerModel));
        Assert.Equal(0.002, metrics.Value("qualitywatch_cost_usd_total", providerModel), 1e-12);
        Assert.Equal(5, metrics.Value("qualitywatch_ingest_spans_total", ("result", "accepted")));
        Assert.Equal(1, metrics.Value("qualitywatch_ingest_spans_total", ("result", "ignored")));
        Assert.Equal(0, metrics.Value("qualitywatch_ingest_requests_rejected_total", ("reason", "malformed")));
        Assert.Equal(0.999, metrics.Value("qualitywatch_provider_slo_target", ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "gpt-4o")));
        Assert.Equal(0, metrics.Value("qualitywatch_ingest_queue_depth"));
        Assert.True(metrics.Declares("gen_ai_client_operation_duration_seconds", "histogram"), text);
        Assert.True(metrics.Value("dotnet_process_memory_working_set_bytes") > 0, "the runtime's own meter reports the process's memory");

        var (exitCode, output) = await PromtoolCheckAsync(text);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Metrics_CanaryResultsOfThisProcessesRunner_ShowAsTheSameFamiliesAsCanarySpans()
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?>());
        var metrics = host.Services.GetRequiredService<QualityWatch.Collector.Metrics.CollectorMetrics>();
        var at = DateTimeOffset.UtcNow;
        QualityWatch.Core.Canaries.CanaryResult Result(string caseId, QualityWatch.Core.Canaries.CanaryOutcome outcome, string fingerprint) => new(
            "serve-1", 1, at, "openai-prod", "gpt-4o-mini", "arithmetic", caseId, "arithmetic", outcome, TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds(0.1),
            12, 3, 0.0001m, "stop", null, "4", "4", [], fingerprint, new Dictionary<string, string>());

        metrics.RecordCanaryResults([Result("add-1", QualityWatch.Core.Canaries.CanaryOutcome.Passed, "fp_1"), Result("add-2", QualityWatch.Core.Canaries.CanaryOutcome.Failed, "fp_2")]);
        var text = await host.Http.GetStringAsync("/metrics");
        var exposition = PrometheusExposition.Parse(text);

        Assert.Equal(1, exposition.Value("qualitywatch_canary_results_total", ("gen_ai_provider_name", "openai-prod"), ("gen_ai_request_model", "gpt-4o-mini"), ("suite", "arithmetic"), ("category", "arithmetic"), ("outcome", "passed")));
        Assert.Equal(0.5, exposition.Value("qualitywatch_canary_pass_ratio", ("gen_ai_provider_name", "openai-prod"), ("gen_ai_request_model", "gpt-4o-mini"), ("suite", "arithmetic")));
        Assert.Equal(1, exposition.Value("qualitywatch_canary_fingerprint_changes_total", ("gen_ai_provider_name", "openai-prod"), ("gen_ai_request_model", "gpt-4o-mini")));
        Assert.Equal(2, exposition.Value("gen_ai_client_operation_duration_seconds_count", ("gen_ai_provider_name", "openai-prod"), ("gen_ai_request_model", "gpt-4o-mini"), ("gen_ai_operation_name", "chat"), ("error_type", "")));
        var (exitCode, output) = await PromtoolCheckAsync(text);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Metrics_WhenProtected_RequireAKey()
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Security:ProtectMetrics"] = "true" });
        using var anonymous = new HttpClient { BaseAddress = host.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/metrics")).StatusCode);
    }

    private static async Task<(int ExitCode, string Output)> PromtoolCheckAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
