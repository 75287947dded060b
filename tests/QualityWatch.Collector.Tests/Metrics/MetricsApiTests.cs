using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Core.Metrics;

namespace QualityWatch.Collector.Tests.Metrics;

/// <summary><c>/metrics</c> is exactly the catalogue, includes DI contributors, and passes the real <c>promtool check metrics</c>.</summary>
public sealed class MetricsApiTests
{
    [Fact]
    public async Task Metrics_AfterIngest_PassPromtoolAndCarryTheCatalogue()
    {
        await using var host = await CollectorHost.StartAsync(
            new Dictionary<string, string?> { ["Collector:SloTargets:0:Provider"] = "openai", ["Collector:SloTargets:0:Model"] = "gpt-4o", ["Collector:SloTargets:0:Target"] = "0.999" },
            builder => builder.Services.AddSingleton<IMetricsContributor>(new FixedContributor()));
        var streamed = Spans.Llm(extra: [Spans.Attr("gen_ai.response.time_to_first_chunk", 0.25), Spans.Attr("gen_ai.usage.cost", 0.002)]);
        var canaryPass = Spans.Llm(extra: [Spans.Attr("qualitywatch.canary.suite", "arithmetic"), Spans.Attr("qualitywatch.canary.case_id", "add-1"), Spans.Attr("qualitywatch.canary.category", "math"), Spans.Attr("qualitywatch.canary.outcome", "passed"), Spans.Attr("openai.response.system_fingerprint", "fp_1")]);
        var canaryFail = Spans.Llm(extra: [Spans.Attr("qualitywatch.canary.suite", "arithmetic"), Spans.Attr("qualitywatch.canary.case_id", "add-2"), Spans.Attr("qualitywatch.canary.category", "math"), Spans.Attr("qualitywatch.canary.outcome", "failed"), Spans.Attr("openai.response.system_fingerprint", "fp_2")]);
        var thai = Spans.Llm(extra: [Spans.Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"The answer is สวัสดี 4"}]}]""")]);
        var failed = Spans.Llm(extra: [Spans.Attr("error.type", "timeout")]);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(streamed, canaryPass, canaryFail, thai, failed, Spans.Plain())))).StatusCode);

        var text = await host.Http.GetStringAsync("/metrics");

        Assert.Contains("gen_ai_client_operation_duration_seconds_bucket{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",gen_ai_operation_name=\"chat\",region=\"\",error_type=\"timeout\",le=\"81.92\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("gen_ai_client_operation_time_to_first_chunk_seconds_count{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",gen_ai_operation_name=\"chat\",region=\"\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("gen_ai_client_token_usage_sum{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",gen_ai_operation_name=\"chat\",region=\"\",gen_ai_token_type=\"input\"} 60", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_canary_results_total{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",suite=\"arithmetic\",category=\"math\",outcome=\"failed\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_canary_pass_ratio{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",suite=\"arithmetic\"} 0.5", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_canary_fingerprint_changes_total{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_outputs_unexpected_script_total{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",region=\"\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_cost_usd_total{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",region=\"\"} 0.002", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_ingest_spans_total{result=\"accepted\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_ingest_spans_total{result=\"ignored\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_provider_slo_target{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\"} 0.999", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_anomaly_score{detector=\"cusum\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\"} 0.75", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_resident_memory_bytes gauge", text, StringComparison.Ordinal);

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

        Assert.Contains("qualitywatch_canary_results_total{gen_ai_provider_name=\"openai-prod\",gen_ai_request_model=\"gpt-4o-mini\",suite=\"arithmetic\",category=\"arithmetic\",outcome=\"passed\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_canary_pass_ratio{gen_ai_provider_name=\"openai-prod\",gen_ai_request_model=\"gpt-4o-mini\",suite=\"arithmetic\"} 0.5", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch_canary_fingerprint_changes_total{gen_ai_provider_name=\"openai-prod\",gen_ai_request_model=\"gpt-4o-mini\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("gen_ai_client_operation_duration_seconds_count{gen_ai_provider_name=\"openai-prod\",gen_ai_request_model=\"gpt-4o-mini\",gen_ai_operation_name=\"chat\",region=\"\",error_type=\"\"} 2", text, StringComparison.Ordinal);
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

    private sealed class FixedContributor : IMetricsContributor
    {
        public IEnumerable<MetricSample> Collect() =>
        [
            new("qualitywatch_anomaly_score", MetricType.Gauge, "Anomaly score per detector.", new Dictionary<string, string> { ["gen_ai_provider_name"] = "openai", ["gen_ai_request_model"] = "gpt-4o", ["detector"] = "cusum" }, 0.75),
        ];
    }
}
