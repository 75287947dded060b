using System.Globalization;
using System.Text;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// An inline SVG of the series around the change: the points, the baseline band (interval before the change), the
/// current band after it, a dashed line at the estimated start and a marker at detection.
/// </summary>
internal static class SeriesChart
{
    private const double Width = 860, Height = 280, Left = 60, Right = 20, Top = 20, Bottom = 40;

    public static string Render(Alert alert, ChartData data)
    {
        var evidence = alert.Evidence;
        var points = data.Points.OrderBy(p => p.Time).ToList();
        var start = evidence.EstimatedStart;
        var from = points.Count > 0 ? points[0].Time : start - TimeSpan.FromHours(1);
        var to = points.Count > 0 ? points[^1].Time : (alert.ResolvedAt ?? alert.LastEvidenceAt) + TimeSpan.FromMinutes(30);
        from = Min(from, start - TimeSpan.FromMinutes(5));
        to = Max(to, Max(evidence.DetectedAt, start + TimeSpan.FromMinutes(5)));

        var values = points.Select(p => p.Value)
            .Concat([evidence.Baseline.Low, evidence.Baseline.High, evidence.Current.Low, evidence.Current.High, evidence.Baseline.Value, evidence.Current.Value])
            .Where(double.IsFinite).ToList();
        var min = values.Count > 0 ? values.Min() : 0;
        var max = values.Count > 0 ? values.Max() : 1;
        if (max - min < 1e-9)
        {
            max += 0.5;
            min -= 0.5;
        }

        var pad = (max - min) * 0.08;
        min -= pad;
        max += pad;
        double X(DateTimeOffset t) => Left + ((t - from).TotalSeconds / Math.Max(1, (to - from).TotalSeconds) * (Width - Left - Right));
        double Y(double v) => Top + ((max - v) / (max - min) * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(F($"<svg id=\"series-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"{Html.E(data.Measure)} around the change\">"));
        svg.Append(F($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"#fff\" stroke=\"#d0d7de\"/>"));
        Band(svg, "baseline-band", "#0969da", X(from), X(start), Y, evidence.Baseline.Low, evidence.Baseline.High, "baseline interval");
        Band(svg, "current-band", "#cf222e", X(start), X(to), Y, evidence.Current.Low, evidence.Current.High, "current interval");
        if (points.Count > 0)
        {
            svg.Append("<polyline class=\"series-line\" fill=\"none\" stroke=\"#24292f\" stroke-width=\"1.5\" points=\"");
            svg.AppendJoin(' ', points.Select(p => F($"{X(p.Time):0.#},{Y(p.Value):0.#}")));
            svg.Append("\"/>");
            foreach (var point in points)
            {
                svg.Append(F($"<circle class=\"series-point\" cx=\"{X(point.Time):0.#}\" cy=\"{Y(point.Value):0.#}\" r=\"2\" fill=\"#24292f\"><title>{Html.E(Html.Time(point.Time))}: {Html.E(Html.Number(point.Value))} (n={point.SampleSize})</title></circle>"));
            }
        }

        var changeX = X(start);
        svg.Append(F($"<line class=\"change-point\" x1=\"{changeX:0.#}\" x2=\"{changeX:0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#cf222e\" stroke-dasharray=\"5 4\" stroke-width=\"1.5\"><title>estimated start {Html.E(Html.Time(start))}</title></line>"));
        svg.Append(F($"<text x=\"{changeX + 4:0.#}\" y=\"{Top + 12}\">estimated start</text>"));
        var detectedX = X(evidence.DetectedAt);
        svg.Append(F($"<circle class=\"detected-at\" cx=\"{detectedX:0.#}\" cy=\"{Height - Bottom}\" r=\"5\" fill=\"#cf222e\"><title>detected {Html.E(Html.Time(evidence.DetectedAt))}</title></circle>"));
        svg.Append(F($"<text x=\"{Left - 6}\" y=\"{Y(max - pad) + 4:0.#}\" text-anchor=\"end\">{Html.E(Html.Number(max - pad, "G3"))}</text>"));
        svg.Append(F($"<text x=\"{Left - 6}\" y=\"{Y(min + pad) + 4:0.#}\" text-anchor=\"end\">{Html.E(Html.Number(min + pad, "G3"))}</text>"));
        svg.Append(F($"<text x=\"{Left}\" y=\"{Height - 12}\">{Html.E(Html.Time(from))}</text>"));
        svg.Append(F($"<text x=\"{Width - Right}\" y=\"{Height - 12}\" text-anchor=\"end\">{Html.E(Html.Time(to))}</text>"));
        svg.Append(F($"<text x=\"{Width / 2:0}\" y=\"{Height - 12}\" text-anchor=\"middle\">{Html.E(data.Measure)} ({Html.E(data.Source)})</text>"));
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Band(StringBuilder svg, string cssClass, string color, double x1, double x2, Func<double, double> y, double low, double high, string title)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || x2 <= x1)
        {
            return;
        }

        var top = y(Math.Max(low, high));
        var bottom = y(Math.Min(low, high));
        svg.Append(F($"<rect class=\"{cssClass}\" x=\"{x1:0.#}\" y=\"{top:0.#}\" width=\"{x2 - x1:0.#}\" height=\"{Math.Max(1, bottom - top):0.#}\" fill=\"{color}\" fill-opacity=\"0.12\"><title>{title} [{Html.E(Html.Number(low))}, {Html.E(Html.Number(high))}]</title></rect>"));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
