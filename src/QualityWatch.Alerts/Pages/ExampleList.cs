using System.Text;
using QualityWatch.Alerts.Evidence;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using static QualityWatch.Alerts.Pages.Html;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// Examples behind an alert: stored outputs with unexpected characters highlighted and their code points, failing
/// canaries with expected vs actual as a diff, and the trace and span ids of each (or a note that none was recorded).
/// </summary>
internal static class ExampleList
{
    public static void Render(StringBuilder body, Alert alert, IReadOnlyList<StoredOutputExample> stored, IReadOnlyList<SlowestCall> slowest)
    {
        var examples = alert.Evidence.Examples;
        body.Append("<h2>Examples</h2>");
        if (examples.Count == 0 && stored.Count == 0 && slowest.Count == 0)
        {
            body.Append("<p id=\"no-examples\">").Append(E(NoExamples(alert.Kind))).Append("</p>");
        }

        if (slowest.Count > 0)
        {
            body.Append("<div class=\"example slowest-calls\"><h3>Slowest calls since the estimated start</h3><table id=\"slowest-calls\"><thead><tr><th>Duration</th><th>Trace id</th><th>Span id</th></tr></thead><tbody>");
            foreach (var call in slowest)
            {
                body.Append("<tr><td>").Append(E(EvidenceText.Number(call.DurationSeconds, "seconds"))).Append("</td><td><code class=\"trace-id\">").Append(E(call.Call.TraceIdHex))
                    .Append("</code></td><td><code class=\"span-id\">").Append(E(call.Call.SpanIdHex)).Append("</code></td></tr>");
            }

            body.Append("</tbody></table></div>");
        }

        foreach (var output in stored)
        {
            var (html, codePoints) = ScriptHighlighter.Highlight(output.Output, null);
            body.Append("<div class=\"example stored-output\"><h3>Output <small>").Append(E(Time(output.Time))).Append("</small></h3>");
            Ids(body, output.TraceId, output.SpanId);
            body.Append("<pre class=\"output\">").Append(html).Append("</pre>");
            body.Append("<p class=\"code-points\">Unexpected characters: ").Append(E(codePoints.Count == 0 ? "none" : string.Join(", ", codePoints))).Append("</p></div>");
        }

        foreach (var example in examples)
        {
            body.Append("<div class=\"example\"><h3>").Append(E(example.Title)).Append(" <small>").Append(E(Time(example.Timestamp))).Append("</small></h3>");
            Ids(body, example.Attributes.GetValueOrDefault("trace_id"), example.Attributes.GetValueOrDefault("span_id"));
            var attributes = example.Attributes.Where(a => a.Key is not ("trace_id" or "span_id")).ToList();
            if (attributes.Count > 0)
            {
                body.Append("<p>").Append(E(string.Join(" · ", attributes.Select(a => $"{a.Key}: {a.Value}")))).Append("</p>");
            }

            if (alert.Kind == FindingKinds.OutputCorruption && example.Actual is { Length: > 0 } actual)
            {
                var (html, codePoints) = ScriptHighlighter.Highlight(actual, example.Expected);
                body.Append("<pre class=\"output\">").Append(html).Append("</pre>");
                body.Append("<p class=\"code-points\">Unexpected characters: ").Append(E(codePoints.Count == 0 ? "none" : string.Join(", ", codePoints))).Append("</p>");
            }
            else if (example.Diff.Count > 0)
            {
                body.Append("<pre class=\"diff\">");
                foreach (var line in example.Diff)
                {
                    var css = line.StartsWith('-') ? "del" : line.StartsWith('+') ? "ins" : "same";
                    body.Append("<span class=\"").Append(css).Append("\">").Append(E(line)).Append("</span>\n");
                }

                body.Append("</pre>");
            }
            else if (example.Expected is not null || example.Actual is not null)
            {
                body.Append("<p>Expected: ").Append(E(example.Expected ?? "—")).Append("<br>Actual: ").Append(E(example.Actual ?? "—")).Append("</p>");
            }

            body.Append("</div>");
        }
    }

    private static void Ids(StringBuilder body, string? traceId, string? spanId)
    {
        body.Append("<p class=\"ids\">");
        if (string.IsNullOrEmpty(traceId))
        {
            body.Append("trace id: <span class=\"trace-id\">not recorded</span> (aggregate evidence, or a canary call whose span was not exported)");
        }
        else
        {
            body.Append("trace id: <code class=\"trace-id\">").Append(E(traceId)).Append("</code> · span id: <code class=\"span-id\">").Append(E(spanId ?? "—")).Append("</code>");
        }

        body.Append("</p>");
    }

    private static string NoExamples(string kind) => kind switch
    {
        FindingKinds.LatencyDrift or FindingKinds.RoutingAnomaly =>
            "No example calls: no stored minute since the estimated start has a call with a trace id (canary latencies are listed by the canary examples; spans without valid trace ids cannot be looked up).",
        FindingKinds.OutputCorruption =>
            "No example outputs: content storage is off (collector.content.store in the configuration), so only script counts per minute are stored.",
        _ => "No examples were attached to the findings.",
    };
}
