using System.Globalization;
using System.Net;
using System.Text;
using ElasticDuckface.Sweep;

namespace ElasticDuckface.Cli.Reports;

/// <summary>
/// Renders a <see cref="SweepReport"/> as one self-contained HTML file: the per-scale table, then per measure a log-log
/// plot of its medians against the row count, the fitted curve and the prediction (inline SVG, <see cref="SvgPlot"/>).
/// </summary>
internal static class SweepHtmlReport
{
    private const int Width = 460;
    private const int Height = 300;
    private const int CurvePoints = 48;

    public static string Render(SweepReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>duckface sweep</title>\n<style>\n")
            .Append("body{font-family:sans-serif;margin:20px;color:#222} table{border-collapse:collapse;margin:8px 0} "
                + "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left} td.n{text-align:right} "
                + ".failed{color:#c00;font-weight:bold} .ok{color:#2a7d2a} figure.plot{margin:4px;border:1px solid #eee} "
                + ".plots{display:flex;flex-wrap:wrap} code{background:#f4f4f4}\n</style></head><body>\n");
        sb.Append(inv, $"<h1>Sweep of {E(report.Profile)} on {E(report.Server)}</h1>\n")
            .Append(inv, $"<p>--run <code>{E(report.Run)}</code>")
            .Append(report.Setup is { } setup ? $"; --setup <code>{E(setup)}</code>" : "")
            .Append(inv, $"; {report.Repeat} repeat(s) per scale, each on a fresh database")
            .Append(report.Cold is { } cold ? $"; cold: {E(cold)}" : "").Append(".</p>\n");
        if (report.Thresholds.Any)
        {
            sb.Append(report.Violations.Count == 0
                ? "<p class=\"ok\">Thresholds passed.</p>\n"
                : "<p class=\"failed\">Thresholds exceeded:</p><ul>\n");
            foreach (var v in report.Violations)
                sb.Append("<li class=\"failed\">").Append(E(v.Text)).Append("</li>\n");
            if (report.Violations.Count > 0)
                sb.Append("</ul>\n");
        }

        sb.Append("<h2>Growth</h2>\n<table><tr><th>measure</th><th>growth</th><th>relative error</th><th>R²</th>")
            .Append(report.PredictScale is { } ps ? string.Create(inv, $"<th>at ×{ps:0.###} ({report.PredictRows:N0} rows)</th>") : "")
            .Append("</tr>\n");
        foreach (var g in report.Growth)
        {
            sb.Append(inv, $"<tr><td><a href=\"#m-{E(g.Name)}\">{E(g.Name)}</a></td>"
                + $"<td class=\"{(g.SuperLinear ? "failed" : "")}\">{E(g.Fit.Best.Model.Words())}</td>"
                + $"<td class=\"n{(g.Fit.Poor ? " failed" : "")}\">{g.Fit.Best.RelativeError:0.0%}{(g.Fit.Poor ? " (poor fit)" : "")}</td>"
                + $"<td class=\"n\">{g.Fit.Best.RSquared:0.000}</td>")
                .Append(g.Predicted is { } v ? $"<td class=\"n\">{E(SweepSummary.Value(v, g.Name))}</td>" : "").Append("</tr>\n");
        }

        sb.Append("</table>\n<h2>Scales</h2>\n<table><tr><th>scale</th><th>rows</th><th>repeat</th><th>database</th><th>seconds</th>"
            + "<th>rows read</th><th>log</th></tr>\n");
        foreach (var p in report.Points)
        {
            foreach (var r in p.Repeats)
            {
                sb.Append(inv, $"<tr><td>×{p.Scale:0.######}</td><td class=\"n\">{p.Rows:N0}</td><td class=\"n\">{r.Repeat}</td>"
                    + $"<td>{E(r.Database)}</td><td class=\"n\">{r.Measures.GetValueOrDefault(SweepMeasures.Seconds):0.000}</td>")
                    .Append("<td class=\"n\">")
                    .Append(r.Measures.TryGetValue(SweepMeasures.RowsRead, out var rr) ? rr.ToString("N0", inv) : "").Append("</td>")
                    .Append(inv, $"<td>{E(r.Log)}</td></tr>\n");
            }
        }

        sb.Append("</table>\n<h2>Plots</h2>\n<p>Log-log: each dot a scale's median, the line the fitted model, the red dot the "
            + "prediction. Values of 0 cannot be drawn on a log axis and are left out.</p>\n<div class=\"plots\">\n");
        var id = 0;
        foreach (var g in report.Growth)
        {
            var plot = Plot(report, g, "p" + (id++).ToString(inv));
            sb.Append(inv, $"<figure class=\"plot\" id=\"m-{E(g.Name)}\">")
                .Append(plot.IsEmpty ? $"<p>{E(g.Name)}: no value above 0 to draw.</p>" : plot.Render()).Append("</figure>\n");
        }

        sb.Append("</div>\n</body></html>\n");
        return sb.ToString();
    }

    private static SvgPlot Plot(SweepReport report, MeasureGrowth growth, string id)
    {
        var xs = report.Points.Select(p => Math.Log10(p.Rows)).ToArray();
        var ys = report.Points.Select(p => Log(p.Measures.GetValueOrDefault(growth.Name)?.Median ?? 0)).ToArray();
        var lo = report.Points.Min(p => (double)p.Rows);
        var hi = Math.Max(report.Points.Max(p => (double)p.Rows), report.PredictRows ?? 0);
        var curveX = Enumerable.Range(0, CurvePoints)
            .Select(i => Math.Log10(lo) + ((Math.Log10(hi) - Math.Log10(lo)) * i / (CurvePoints - 1))).ToArray();
        var curveY = curveX.Select(x => Log(growth.Fit.Best.Predict(Math.Pow(10, x)))).ToArray();
        var plot = new SvgPlot(Width, Height, id)
        {
            Title = $"{growth.Name}: {growth.Fit.Best.Model.Words()}"
                + string.Create(CultureInfo.InvariantCulture, $" (rel. error {growth.Fit.Best.RelativeError:0.0%})"),
            XLabel = "rows (log)",
            YLabel = growth.Name + " (log)",
            LogX = true,
            LogY = true,
            LegendTop = false,
        };
        plot.Line(curveX, curveY, "#1f77b4", "fit", 1.5);
        plot.Line(xs, ys, "#222222", "measured", 0, markerSize: 7);
        if (report.PredictRows is { } rows && growth.Predicted is { } predicted)
            plot.Line([Math.Log10(rows)], [Log(predicted)], "#d62728", "predicted", 0, markerSize: 9);
        return plot;
    }

    private static double Log(double v) => v > 0 ? Math.Log10(v) : double.NaN;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
