using System.Globalization;
using System.Text;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// An inline SVG of the statistic the detector tests: labelled axes with units, a legend, the frozen baseline band
/// across the whole range, the current band from the estimated start, a dashed line at the estimated start, a marker
/// at detection, earlier episodes shaded, and per-point intervals for rates. Each point carries its value in
/// <c>data-value</c> (display units) so tests and tools can read what is drawn. Without series data it renders a
/// sentence saying so instead of a chart.
/// </summary>
internal static class SeriesChart
{
    private const double Width = 860, Height = 340, Left = 70, Right = 20, Top = 20, Bottom = 90;

    public static string Render(Alert alert, ChartData data)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(data);
        var evidence = alert.Evidence;
        var measure = data.Measure;
        if (data.Points.Count == 0)
        {
            return F($"<p class=\"no-series\" id=\"no-series-data\">No stored series for {Html.E(measure.Name)} of {Html.E(alert.Series)} between {Html.E(Html.Time(data.From))} and {Html.E(Html.Time(data.To))}, so there is no chart: the evidence table below holds the detector's own figures.</p>");
        }

        var points = data.Points.OrderBy(p => p.Time).ToList();
        var from = data.From;
        var to = data.To;
        var start = evidence.EstimatedStart;
        var baseLow = measure.Display(evidence.Baseline.Low);
        var baseHigh = measure.Display(evidence.Baseline.High);
        var curLow = measure.Display(evidence.Current.Low);
        var curHigh = measure.Display(evidence.Current.High);

        var values = points.SelectMany(p => new[] { p.Value, p.Low ?? p.Value, p.High ?? p.Value })
            .Concat([baseLow, baseHigh, curLow, curHigh])
            .Where(double.IsFinite).ToList();
        var (min, max, step) = NiceScale(values.Min(), values.Max());
        double X(DateTimeOffset t) => Left + (Math.Clamp((t - from).TotalSeconds / Math.Max(1, (to - from).TotalSeconds), 0, 1) * (Width - Left - Right));
        double Y(double v) => Top + ((max - v) / (max - min) * (Height - Top - Bottom));
        var plotBottom = Height - Bottom;

        var svg = new StringBuilder();
        svg.Append(F($"<svg id=\"series-chart\" class=\"series-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"{Html.E(measure.AxisLabel)} over time\" data-measure=\"{Html.E(measure.Name)}\" data-unit=\"{Html.E(measure.Unit)}\">"));
        svg.Append(F($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{plotBottom - Top}\" fill=\"#fff\" stroke=\"#d0d7de\"/>"));

        for (var tick = min; tick <= max + (step / 2); tick += step)
        {
            var y = Y(tick);
            svg.Append(F($"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#eaeef2\"/>"));
            svg.Append(F($"<text class=\"y-tick\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Html.E(Tick(tick, step))}</text>"));
        }

        foreach (var tick in TimeTicks(from, to))
        {
            var x = X(tick);
            svg.Append(F($"<line class=\"grid\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{plotBottom}\" stroke=\"#eaeef2\"/>"));
            svg.Append(F($"<text class=\"x-tick\" x=\"{x:0.#}\" y=\"{plotBottom + 14}\" text-anchor=\"middle\">{Html.E(tick.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture))}</text>"));
        }

        foreach (var episode in data.EarlierEpisodes)
        {
            var x1 = X(episode.Start);
            var x2 = X(episode.End);
            svg.Append(F($"<rect class=\"earlier-episode\" x=\"{x1:0.#}\" y=\"{Top}\" width=\"{Math.Max(1, x2 - x1):0.#}\" height=\"{plotBottom - Top}\" fill=\"#8c959f\" fill-opacity=\"0.18\"><title>earlier episode {Html.E(Html.Time(episode.Start))} – {Html.E(Html.Time(episode.End))}</title></rect>"));
        }

        Band(svg, "baseline-band", "#0969da", X(from), X(to), Y, baseLow, baseHigh, "baseline interval (frozen at onset)", measure);
        Band(svg, "current-band", "#cf222e", X(start), X(to), Y, curLow, curHigh, "current interval", measure);

        foreach (var point in points.Where(p => p.Low is not null && p.High is not null))
        {
            svg.Append(F($"<line class=\"point-interval\" x1=\"{X(point.Time):0.#}\" x2=\"{X(point.Time):0.#}\" y1=\"{Y(point.Low!.Value):0.#}\" y2=\"{Y(point.High!.Value):0.#}\" stroke=\"#8c959f\" stroke-width=\"1\"/>"));
        }

        svg.Append("<polyline class=\"series-line\" fill=\"none\" stroke=\"#24292f\" stroke-width=\"1.5\" points=\"");
        svg.AppendJoin(' ', points.Select(p => F($"{X(p.Time):0.#},{Y(p.Value):0.#}")));
        svg.Append("\"/>");
        foreach (var point in points)
        {
            var interval = point.Low is { } low && point.High is { } high ? F($" [{Value(low, measure)}, {Value(high, measure)}]") : string.Empty;
            svg.Append(F($"<circle class=\"series-point\" cx=\"{X(point.Time):0.#}\" cy=\"{Y(point.Value):0.#}\" r=\"2\" fill=\"#24292f\" data-time=\"{point.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\" data-value=\"{point.Value.ToString("R", CultureInfo.InvariantCulture)}\" data-n=\"{point.SampleSize}\"><title>{Html.E(Html.Time(point.Time))}: {Html.E(Value(point.Value, measure))}{Html.E(interval)} (n = {point.SampleSize})</title></circle>"));
        }

        var changeX = X(start);
        svg.Append(F($"<line class=\"change-point\" x1=\"{changeX:0.#}\" x2=\"{changeX:0.#}\" y1=\"{Top}\" y2=\"{plotBottom}\" stroke=\"#cf222e\" stroke-dasharray=\"5 4\" stroke-width=\"1.5\"><title>estimated start {Html.E(Html.Time(start))}</title></line>"));
        var detectedX = X(evidence.DetectedAt);
        svg.Append(F($"<circle class=\"detected-at\" cx=\"{detectedX:0.#}\" cy=\"{plotBottom}\" r=\"5\" fill=\"#cf222e\"><title>detected {Html.E(Html.Time(evidence.DetectedAt))}</title></circle>"));

        svg.Append(F($"<text class=\"axis-label y-axis-label\" transform=\"translate(14 {(Top + plotBottom) / 2:0}) rotate(-90)\" text-anchor=\"middle\">{Html.E(measure.AxisLabel)}</text>"));
        svg.Append(F($"<text class=\"axis-label x-axis-label\" x=\"{(Left + Width - Right) / 2:0}\" y=\"{plotBottom + 32}\" text-anchor=\"middle\">time (UTC), {Html.E(Html.Time(from))} – {Html.E(Html.Time(to))}; {Html.E(data.Source)}</text>"));
        Legend(svg, plotBottom + 52, data.EarlierEpisodes.Count > 0, points.Any(p => p.Low is not null));
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Legend(StringBuilder svg, double y, bool episodes, bool intervals)
    {
        var items = new List<(string Class, string Swatch, string Label)>
        {
            ("legend-series", "<line x1=\"0\" x2=\"18\" y1=\"0\" y2=\"0\" stroke=\"#24292f\" stroke-width=\"2\"/>", "observed"),
            ("legend-baseline", "<rect x=\"0\" y=\"-6\" width=\"18\" height=\"12\" fill=\"#0969da\" fill-opacity=\"0.2\"/>", "baseline interval"),
            ("legend-current", "<rect x=\"0\" y=\"-6\" width=\"18\" height=\"12\" fill=\"#cf222e\" fill-opacity=\"0.2\"/>", "current interval"),
            ("legend-start", "<line x1=\"9\" x2=\"9\" y1=\"-7\" y2=\"7\" stroke=\"#cf222e\" stroke-dasharray=\"3 2\" stroke-width=\"1.5\"/>", "estimated start"),
            ("legend-detected", "<circle cx=\"9\" cy=\"0\" r=\"4\" fill=\"#cf222e\"/>", "detected"),
        };
        if (intervals)
        {
            items.Add(("legend-interval", "<line x1=\"9\" x2=\"9\" y1=\"-7\" y2=\"7\" stroke=\"#8c959f\"/>", "95 % interval per point"));
        }

        if (episodes)
        {
            items.Add(("legend-episode", "<rect x=\"0\" y=\"-6\" width=\"18\" height=\"12\" fill=\"#8c959f\" fill-opacity=\"0.3\"/>", "earlier episode"));
        }

        svg.Append("<g class=\"legend\">");
        var x = Left;
        foreach (var (css, swatch, label) in items)
        {
            svg.Append(F($"<g class=\"legend-item {css}\" transform=\"translate({x:0} {y:0})\">{swatch}<text x=\"24\" y=\"4\">{label}</text></g>"));
            x += 34 + (label.Length * 6.2);
        }

        svg.Append("</g>");
    }

    private static void Band(StringBuilder svg, string cssClass, string color, double x1, double x2, Func<double, double> y, double low, double high, string title, ChartMeasure measure)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || x2 <= x1)
        {
            return;
        }

        var top = y(Math.Max(low, high));
        var bottom = y(Math.Min(low, high));
        svg.Append(F($"<rect class=\"{cssClass}\" x=\"{x1:0.#}\" y=\"{top:0.#}\" width=\"{x2 - x1:0.#}\" height=\"{Math.Max(1, bottom - top):0.#}\" fill=\"{color}\" fill-opacity=\"0.12\" data-low=\"{low.ToString("R", CultureInfo.InvariantCulture)}\" data-high=\"{high.ToString("R", CultureInfo.InvariantCulture)}\"><title>{title} [{Html.E(Value(low, measure))}, {Html.E(Value(high, measure))}]</title></rect>"));
    }

    /// <summary>A value in display units with its unit: <c>812 ms</c>, <c>74.5 %</c>.</summary>
    internal static string Value(double value, ChartMeasure measure) =>
        !double.IsFinite(value) ? "—"
        : measure.Unit == "%" ? value.ToString("0.0", CultureInfo.InvariantCulture) + " %"
        : value.ToString(Math.Abs(value) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture) + " " + measure.Unit;

    /// <summary>Axis bounds on round numbers with about five ticks.</summary>
    internal static (double Min, double Max, double Step) NiceScale(double low, double high)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
        {
            return (0, 1, 0.25);
        }

        if (high - low < 1e-9)
        {
            var pad = Math.Max(Math.Abs(high) * 0.1, 1);
            (low, high) = (low - pad, high + pad);
        }

        var raw = (high - low) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        return (Math.Floor(low / step) * step, Math.Ceiling(high / step) * step, step);
    }

    private static string Tick(double value, double step) =>
        value.ToString(step >= 1 ? "0" : step >= 0.1 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    private static IEnumerable<DateTimeOffset> TimeTicks(DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = (to - from).TotalMinutes;
        var step = new[] { 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440 }.Select(m => TimeSpan.FromMinutes(m)).FirstOrDefault(s => minutes / s.TotalMinutes <= 8, TimeSpan.FromDays(1));
        var first = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % step.Ticks), TimeSpan.Zero);
        for (var tick = first < from ? first + step : first; tick <= to; tick += step)
        {
            yield return tick;
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
