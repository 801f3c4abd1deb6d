using System.Globalization;
using System.Net;
using System.Text;

namespace ElasticDuckface.Cli.Reports;

/// <summary>
/// A small line, scatter and grouped-bar plot written as inline SVG: no native library, no script, no network, and a
/// few kilobytes per plot (ScottPlot's PNGs needed SkiaSharp's native libraries, 90 MB of the 97 MB package).
/// </summary>
/// <remarks>
/// Log axes take their data as log10 already (as the fan-out plot computes it) and label the integer ticks 10^k.
/// The text is XML-escaped, so every plot is well-formed XML; <c>id</c> names the plot's clip path, unique in the page.
/// </remarks>
internal sealed class SvgPlot(int width, int height, string id)
{
    private const int Left = 62;
    private const int Right = 14;
    private const int Bottom = 46;
    private readonly List<Series> _series = [];
    private string[] _barLabels = [];
    private bool _rotateLabels;

    public string Title { get; set; } = "";

    public string XLabel { get; set; } = "";

    public string YLabel { get; set; } = "";

    /// <summary>The x data are log10 values: ticks at the integers, labelled 10^k.</summary>
    public bool LogX { get; set; }

    /// <summary>The y data are log10 values.</summary>
    public bool LogY { get; set; }

    /// <summary>How an x tick is labelled (e.g. an ISO date for seconds since 0001-01-01); null: <see cref="Number"/>.</summary>
    public Func<double, string>? XFormat { get; set; }

    /// <summary>Whether no series has a finite point: such a plot is not drawn (the report says "no data").</summary>
    public bool IsEmpty => !_series.Any(s => s.Xs.Zip(s.Ys).Any(p => double.IsFinite(p.First) && double.IsFinite(p.Second)));

    /// <summary>Where the legend goes: true upper right, false lower right.</summary>
    public bool LegendTop { get; set; } = true;

    /// <summary>Adds a line (optionally with markers, optionally as horizontal steps).</summary>
    public void Line(double[] xs, double[] ys, string color, string label, double lineWidth, double markerSize = 0, bool steps = false) =>
        _series.Add(new Series(xs, ys, color, label, lineWidth, markerSize, steps, Bars: false));

    /// <summary>Grouped bars: per label one bar of <paramref name="a"/> and one of <paramref name="b"/>.</summary>
    public void GroupedBars(string[] labels, double[] a, double[] b, string colorA, string colorB)
    {
        _barLabels = labels;
        _rotateLabels = true;
        var xa = labels.Select((_, i) => (3.0 * i) + 0.5).ToArray();
        var xb = labels.Select((_, i) => (3.0 * i) + 1.5).ToArray();
        _series.Add(new Series(xa, a.Select(v => Math.Max(0, v)).ToArray(), colorA, "profile", 0, 0, false, Bars: true));
        _series.Add(new Series(xb, b.Select(v => Math.Max(0, v)).ToArray(), colorB, "target", 0, 0, false, Bars: true));
    }

    public string Render()
    {
        var inv = CultureInfo.InvariantCulture;
        var titleLines = Title.Split('\n');
        var top = 10 + (15 * titleLines.Length);
        var bottom = _rotateLabels ? Bottom + 44 : Bottom;
        var plotW = width - Left - Right;
        var plotH = height - top - bottom;
        var points = _series.SelectMany(s => s.Xs.Zip(s.Ys)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        var bars = _series.Any(s => s.Bars);
        var (x0, x1) = Range(points.Select(p => p.First), bars ? 0 : null, bars ? (3.0 * _barLabels.Length) - 1 : null);
        var (y0, y1) = Range(points.Select(p => p.Second), bars ? 0 : null, null);
        if (!bars)
            (x0, x1) = Pad(x0, x1);
        (y0, y1) = bars ? (0, y1 + ((y1 - y0) * 0.05)) : Pad(y0, y1);
        double X(double v) => Left + ((v - x0) / (x1 - x0) * plotW);
        double Y(double v) => top + plotH - ((v - y0) / (y1 - y0) * plotH);

        var sb = new StringBuilder();
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" ")
            .Append("font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n")
            .Append(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>\n");
        for (var i = 0; i < titleLines.Length; i++)
            sb.Append(inv, $"<text x=\"{width / 2}\" y=\"{18 + (15 * i)}\" text-anchor=\"middle\" font-size=\"12\">"
                + $"{E(titleLines[i])}</text>\n");

        // grid and ticks
        sb.Append("<g stroke=\"#e4e4e4\" stroke-width=\"1\">\n");
        var yTicks = Ticks(y0, y1, LogY);
        var xTicks = bars ? [] : Ticks(x0, x1, LogX);
        foreach (var t in yTicks)
            sb.Append(inv, $"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{F(Y(t))}\" y2=\"{F(Y(t))}\"/>\n");
        foreach (var t in xTicks)
            sb.Append(inv, $"<line x1=\"{F(X(t))}\" x2=\"{F(X(t))}\" y1=\"{top}\" y2=\"{top + plotH}\"/>\n");
        sb.Append("</g>\n");
        sb.Append(inv, $"<rect x=\"{Left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#444\"/>\n");
        foreach (var t in yTicks)
            sb.Append(inv, $"<text x=\"{Left - 4}\" y=\"{F(Y(t) + 4)}\" text-anchor=\"end\">{E(Label(t, LogY))}</text>\n");
        foreach (var t in xTicks)
            sb.Append(inv, $"<text x=\"{F(X(t))}\" y=\"{top + plotH + 14}\" text-anchor=\"middle\">{E(XTick(t))}</text>\n");
        for (var i = 0; i < _barLabels.Length; i++)
        {
            var x = X((3.0 * i) + 1);
            sb.Append(inv, $"<text transform=\"translate({F(x)},{top + plotH + 8}) rotate(45)\">{E(_barLabels[i])}</text>\n");
        }

        sb.Append(inv, $"<text x=\"{Left + (plotW / 2)}\" y=\"{height - 6}\" text-anchor=\"middle\">{E(XLabel)}</text>\n")
            .Append(inv, $"<text transform=\"translate(14,{top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{E(YLabel)}</text>\n");

        // data, clipped to the plot area
        sb.Append(inv, $"<clipPath id=\"{id}\"><rect x=\"{Left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\"/></clipPath>\n"
            + $"<g clip-path=\"url(#{id})\">\n");
        foreach (var s in _series)
        {
            var pts = s.Xs.Zip(s.Ys).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
            if (s.Bars)
            {
                var barW = X(1) - X(0);
                foreach (var (x, y) in pts)
                    sb.Append(inv, $"<rect x=\"{F(X(x) - (barW / 2))}\" y=\"{F(Y(y))}\" width=\"{F(barW)}\" "
                        + $"height=\"{F(Y(0) - Y(y))}\" fill=\"{s.Color}\"/>\n");
                continue;
            }

            if (pts.Count > 1 && s.LineWidth > 0)
            {
                var path = new StringBuilder();
                for (var i = 0; i < pts.Count; i++)
                {
                    if (i > 0 && s.Steps)
                        path.Append(inv, $" L{F(X(pts[i].First))},{F(Y(pts[i - 1].Second))}");
                    path.Append(inv, $"{(i == 0 ? "M" : " L")}{F(X(pts[i].First))},{F(Y(pts[i].Second))}");
                }

                sb.Append(inv, $"<path d=\"{path}\" fill=\"none\" stroke=\"{s.Color}\" "
                    + $"stroke-width=\"{F(s.LineWidth)}\" stroke-linejoin=\"round\"/>\n");
            }

            foreach (var (x, y) in s.MarkerSize > 0 ? pts : [])
                sb.Append(inv, $"<circle cx=\"{F(X(x))}\" cy=\"{F(Y(y))}\" r=\"{F(s.MarkerSize / 2)}\" fill=\"{s.Color}\"/>\n");
        }

        sb.Append("</g>\n");

        // legend
        var labels = _series.Select(s => (s.Label, s.Color)).Distinct().ToList();
        var legendY = LegendTop ? top + 8 : top + plotH - 8 - (16 * labels.Count);
        sb.Append(inv, $"<rect x=\"{Left + plotW - 86}\" y=\"{legendY - 2}\" width=\"80\" height=\"{(16 * labels.Count) + 4}\" "
            + $"fill=\"#fff\" stroke=\"#bbb\"/>\n");
        for (var i = 0; i < labels.Count; i++)
        {
            var y = legendY + (16 * i) + 8;
            sb.Append(inv, $"<rect x=\"{Left + plotW - 80}\" y=\"{y - 5}\" width=\"14\" height=\"10\" fill=\"{labels[i].Color}\"/>")
                .Append(inv, $"<text x=\"{Left + plotW - 60}\" y=\"{y + 4}\">{E(labels[i].Label)}</text>\n");
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static (double Lo, double Hi) Range(IEnumerable<double> values, double? lo, double? hi)
    {
        var list = values.ToList();
        var a = lo ?? (list.Count > 0 ? list.Min() : 0);
        var b = hi ?? (list.Count > 0 ? list.Max() : 1);
        if (lo is not null && list.Count > 0)
            a = Math.Min(a, list.Min());
        if (hi is not null && list.Count > 0)
            b = Math.Max(b, list.Max());
        return b > a ? (a, b) : (a - 0.5, a + 0.5);
    }

    private static (double, double) Pad(double lo, double hi)
    {
        var pad = (hi - lo) * 0.04;
        return (lo - pad, hi + pad);
    }

    /// <summary>About five round ticks (1, 2 or 5 × 10^k apart); whole numbers only on a log axis.</summary>
    private static List<double> Ticks(double lo, double hi, bool log)
    {
        var raw = (hi - lo) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = raw / magnitude < 1.5 ? magnitude
            : raw / magnitude < 3.5 ? 2 * magnitude
            : raw / magnitude < 7.5 ? 5 * magnitude
            : 10 * magnitude;
        if (log)
            step = Math.Max(1, Math.Round(step));
        var ticks = new List<double>();
        for (var t = Math.Ceiling(lo / step) * step; t <= hi + (step * 1e-9); t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }

    private string XTick(double v) => XFormat is { } format && !LogX ? format(v) : Label(v, LogX);

    private static string Label(double v, bool log) => Number(log ? Math.Pow(10, v) : v);

    /// <summary>
    /// A tick a person reads: thousands separated below 10,000 (<c>1,250</c>, <c>0.25</c>), SI prefixes above
    /// (<c>12.5k</c>, <c>3M</c>, <c>1.2G</c>).
    /// </summary>
    internal static string Number(double v)
    {
        var inv = CultureInfo.InvariantCulture;
        var a = Math.Abs(v);
        if (a < 1e4)
            return a != 0 && a < 1e-3 ? v.ToString("0.##E+0", inv) : v.ToString("#,0.###", inv);
        (double Scale, string Prefix)[] prefixes = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")];
        var (scale, prefix) = prefixes.First(p => a >= p.Scale || p.Prefix == "k");
        return (v / scale).ToString(a / scale >= 100 ? "0" : "0.#", inv) + prefix;
    }

    /// <summary>Seconds since 0001-01-01 as an ISO date, with the time of day when <paramref name="withTime"/>.</summary>
    internal static string IsoDate(double seconds, bool withTime)
    {
        var ticks = Math.Clamp(seconds * TimeSpan.TicksPerSecond, 0, DateTime.MaxValue.Ticks);
        return new DateTime((long)ticks, DateTimeKind.Unspecified)
            .ToString(withTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private sealed record Series(double[] Xs, double[] Ys, string Color, string Label, double LineWidth, double MarkerSize,
        bool Steps, bool Bars);
}
