using System.Globalization;
using System.Net;
using System.Text;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Cli.Reports;

/// <summary>
/// Renders a <see cref="FidelityReport"/> as one self-contained HTML file: a coloured table of scores, the problems,
/// then per table (worst first) its fan-outs on log-log axes and its column distributions, profile against target.
/// Plots are inline SVG (<see cref="SvgPlot"/>), so the file opens without a network or a native library.
/// </summary>
internal static class HtmlReport
{
    /// <summary>Column plots are drawn for at most this many columns (worst first), so a large schema gives a readable file.</summary>
    public const int MaxColumnPlots = 120;

    /// <summary>Fan-out plots are drawn for at most this many foreign keys (worst first).</summary>
    public const int MaxFanOutPlots = 120;

    private const int Width = 520;
    private const int Height = 320;
    private const string ProfileColor = "#1f77b4";
    private const string TargetColor = "#ff7f0e";

    public static string Render(FidelityReport report, DatabaseProfile profile, DatabaseProfile target, string targetName)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var plots = 0;
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>duckface verify</title>\n<style>\n")
            .Append("body{font-family:sans-serif;margin:20px;color:#222} table{border-collapse:collapse;margin:8px 0} "
                + "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left}")
            .Append(" td.n{text-align:right} .ok{color:#2a7d2a} .warning{color:#b36b00} .failed{color:#c00;font-weight:bold} "
                + "figure.plot{margin:4px;border:1px solid #eee}")
            .Append(" h2{margin-top:32px;border-bottom:1px solid #ccc} .plots{display:flex;flex-wrap:wrap}\n</style></head><body>\n");
        var verdictClass = report.Verdict switch { Verdict.Faithful => "ok", Verdict.FaithfulWithWarnings => "warning", _ => "failed" };
        sb.Append(inv, $"<h1>Fidelity of {E(targetName)}</h1>\n<p class=\"{verdictClass}\">"
            + $"Verdict: <b>{E(VerifySummary.VerdictWords(report))}</b>, score {report.Score:0.000}; ")
            .Append(inv, $"hard checks {report.HardChecksPassed} passed, {report.HardChecksFailed} failed")
            .Append(report.Scaled
                ? string.Create(inv, $"; expected sizes from ×{report.Scale:0.######}")
                : "; shapes only (no scale option)")
            .Append(report.Strict ? "; strict" : "").Append("</p>\n");
        sb.Append(inv, $"<p>Thresholds: fan-out KS over its floor {report.Thresholds.MaxFanOutKs} (+ 1/parents), "
            + $"fan-out mean error {report.Thresholds.MaxFanOutMeanError}, "
            + $"column distance {report.Thresholds.MaxColumnDistance} (or the sampling noise 1.36/√n when larger), "
            + $"joint fan-out correlation difference {report.Thresholds.MaxJointCorrelationDiff} (or 1.96/√rows when larger), "
            + $"learned dependency difference {report.Thresholds.MaxDependencyDifference} (or the sampling noise when larger). "
            + $"Score = 1 − worst distance (for a fan-out, KS − floor; "
            + $"the floor is the least KS that whole fan-outs with the target counts can have).</p>\n");

        if (report.Problems.Count > 0)
        {
            sb.Append("<h2>Problems</h2>\n<ul>\n");
            foreach (var p in report.Problems)
            {
                sb.Append("<li class=\"").Append(p.Severity == ProblemSeverity.Warning ? "warning" : "failed").Append("\">")
                    .Append(E(p.Text)).Append("</li>\n");
            }

            sb.Append("</ul>\n");
        }

        var ordered = report.Tables.OrderBy(t => t.HardCheckFailed ? 0 : 1).ThenBy(t => t.Score)
            .ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        sb.Append("<h2>Table scores</h2>\n<table><tr><th>table</th><th>profile rows</th><th>target rows</th><th>expected</th>"
            + "<th>score</th><th>hard checks</th><th>worst distance</th></tr>\n");
        foreach (var t in ordered)
        {
            sb.Append(inv, $"<tr><td><a href=\"#t-{E(t.Name)}\">{E(t.Name)}</a></td><td class=\"n\">{t.ProfileRows:N0}</td>"
                + $"<td class=\"n\">{(t.Present ? t.TargetRows.ToString("N0", inv) : "missing")}</td>")
                .Append(inv, $"<td class=\"n\">{(t.ExpectedRows is { } e ? e.ToString("N0", inv) : "")}</td>")
                .Append(inv, $"<td class=\"n\" style=\"background:{ScoreColour(t.Score)}\">{t.Score:0.000}</td>"
                    + $"<td class=\"{(t.HardCheckFailed ? "failed\">FAILED" : "ok\">ok")}</td><td>{E(t.Worst)}</td></tr>\n");
        }

        sb.Append("</table>\n");
        sb.Append("<p>Not measured yet (no numbers shown): ")
            .Append(string.Join("; ", report.NotMeasured.Select(n => $"<b>{E(n.Name)}</b>: {E(n.Reason)}")))
            .Append("</p>\n");

        var fanOutPlots = report.Tables.SelectMany(t => t.ForeignKeys.Select(f => (t.Name, f)))
            .OrderByDescending(x => x.f.Ks).Take(MaxFanOutPlots).ToHashSet();
        var columnPlots = report.Tables.SelectMany(t => t.Columns.Where(c => c.Status != MetricStatus.NotCompared).Select(c => (t.Name, c)))
            .OrderByDescending(x => x.c.Distance).Take(MaxColumnPlots).ToHashSet();
        foreach (var t in ordered.Where(t => t.Present))
        {
            var pt = profile.Tables.First(x => x.Name == t.Name);
            var tt = target.Tables.FirstOrDefault(x => string.Equals(x.Name, t.Name, StringComparison.Ordinal))
                ?? target.Tables.First(x => string.Equals(x.Name, t.Name, StringComparison.OrdinalIgnoreCase));
            sb.Append(inv, $"<h2 id=\"t-{E(t.Name)}\">{E(t.Name)} — score {t.Score:0.000}</h2>\n");
            if (t.ForeignKeys.Count > 0)
            {
                sb.Append("<table><tr><th>foreign key</th><th>KS</th><th>KS floor</th><th>TV</th>"
                    + "<th>mean (profile / target / expected)</th><th>ratio</th>"
                    + "<th>p99</th><th>max</th><th>zero fraction</th><th>status</th></tr>\n");
                foreach (var f in t.ForeignKeys)
                {
                    sb.Append(inv, $"<tr><td>{E(f.Name)} → {E(f.ReferencedTable)}</td>"
                        + $"<td class=\"n\">{f.Ks:0.000}{(f.Normalized ? " (rel.)" : "")}</td><td class=\"n\">{f.KsFloor:0.000}</td>"
                        + $"<td class=\"n\">{(f.TotalVariation is { } tv ? tv.ToString("0.000", inv) : "–")}</td>")
                        .Append(inv, $"<td class=\"n\">{f.Mean.Profile:0.###} / {f.Mean.Target:0.###} / {f.ExpectedMean:0.###}</td>"
                            + $"<td class=\"n\">{f.MeanRatio:0.###}</td>")
                        .Append(inv, $"<td class=\"n\">{f.P99.Profile} / {f.P99.Target}</td>"
                            + $"<td class=\"n\">{f.Max.Profile} / {f.Max.Target}</td>"
                            + $"<td class=\"n\">{f.ZeroFraction.Profile:0.###} / {f.ZeroFraction.Target:0.###}</td>")
                        .Append(inv, $"{StatusCell(f.Status, f.Note)}</tr>\n");
                }

                sb.Append("</table>\n<div class=\"plots\">\n");
                foreach (var f in t.ForeignKeys.Where(f => fanOutPlots.Contains((t.Name, f))))
                {
                    var pf = pt.ForeignKeys.First(x => x.Name == f.Name).Stats!;
                    var tf = tt.ForeignKeys.First(x => x.Columns.SequenceEqual(f.Columns, StringComparer.OrdinalIgnoreCase)).Stats!;
                    var title = $"{t.Name}.{f.Name} → {f.ReferencedTable}";
                    sb.Append(FanOutPlot(title, pf, tf, $"p{plots++}") is { } svg
                        ? Figure(svg, $"fan-out of {t.Name}.{f.Name}")
                        : NoData(title, "no parent has children on either side"));
                }

                sb.Append("</div>\n");
            }

            if (t.JointForeignKeys.Count > 0)
            {
                sb.Append("<table><tr><th>joint foreign keys</th><th>rows (profile / target)</th>"
                    + "<th>fan-out correlation (profile / target)</th><th>difference</th><th>threshold</th><th>status</th></tr>\n");
                foreach (var j in t.JointForeignKeys)
                {
                    sb.Append(inv, $"<tr><td>{E(j.First.Name)} × {E(j.Second.Name)}</td>"
                        + $"<td class=\"n\">{j.Rows.Profile:N0} / {j.Rows.Target:N0}</td>")
                        .Append(inv, $"<td class=\"n\">{j.FanOutCorrelation.Profile:0.000} / {j.FanOutCorrelation.Target:0.000}</td>"
                            + $"<td class=\"n\">{j.Difference:0.000}</td><td class=\"n\">{j.Threshold:0.000}</td>")
                        .Append(inv, $"{StatusCell(j.Status, j.Note)}</tr>\n");
                }

                sb.Append("</table>\n");
            }

            if (t.ChildFanOutCorrelations.Count > 0)
            {
                sb.Append("<table><tr><th>busy parents (keys into this table)</th>"
                    + "<th>Spearman ρ (profile / target)</th><th>difference</th><th>threshold</th><th>status</th></tr>\n");
                foreach (var b in t.ChildFanOutCorrelations)
                {
                    sb.Append(inv, $"<tr><td>{E(b.First.Table)}.{E(b.First.Name)} × {E(b.Second.Table)}.{E(b.Second.Name)}</td>")
                        .Append(inv, $"<td class=\"n\">{b.Spearman.Profile:0.000} / {b.Spearman.Target:0.000}</td>"
                            + $"<td class=\"n\">{b.Difference:0.000}</td><td class=\"n\">{b.Threshold:0.000}</td>")
                        .Append(inv, $"{StatusCell(b.Status, b.Note)}</tr>\n");
                }

                sb.Append("</table>\n");
            }

            if (t.Dependencies.Count > 0)
            {
                sb.Append("<table><tr><th>learned dependency</th><th>measure</th><th>profile / target</th><th>difference</th>"
                    + "<th>threshold</th><th>status</th></tr>\n");
                foreach (var d in t.Dependencies)
                {
                    sb.Append(inv, $"<tr><td>{E(d.Subject)}</td><td>{EnumText.Of(d.Kind)}</td>")
                        .Append(inv, $"<td class=\"n\">{d.Value.Profile:0.000} / {d.Value.Target:0.000}</td>")
                        .Append(inv, $"<td class=\"n\">{d.Difference:0.000}</td><td class=\"n\">{d.Threshold:0.000}</td>")
                        .Append(inv, $"{StatusCell(d.Status, d.Note)}</tr>\n");
                }

                sb.Append("</table>\n");
            }

            sb.Append("<table><tr><th>column</th><th>kind</th><th>metric</th><th>distance</th><th>NULL fraction (profile / target)</th>"
                + "<th>threshold</th><th>status</th></tr>\n");
            foreach (var c in t.Columns)
            {
                var kinds = c.Kind == c.TargetKind ? EnumText.Of(c.Kind) : EnumText.Of(c.Kind) + " / " + EnumText.Of(c.TargetKind);
                sb.Append(inv, $"<tr><td>{E(c.Name)}</td><td>{kinds}</td>")
                    .Append(inv, $"<td>{EnumText.Of(c.Metric)}</td>")
                    .Append(inv, $"<td class=\"n\">{(c.DistributionDistance is { } d ? d.ToString("0.000", inv) : "–")}</td>"
                        + $"<td class=\"n\">{c.NullFraction.Profile:0.###} / {c.NullFraction.Target:0.###}</td>")
                    .Append(inv, $"<td class=\"n\">{c.Threshold:0.000}</td>{StatusCell(c.Status, c.Note)}</tr>\n");
            }

            sb.Append("</table>\n<div class=\"plots\">\n");
            foreach (var c in t.Columns.Where(c => columnPlots.Contains((t.Name, c))))
            {
                var pc = pt.FindColumn(c.Name)?.Stats?.Distribution;
                var tc = tt.FindColumn(c.Name)?.Stats?.Distribution;
                if (pc is null || tc is null)
                    continue;
                sb.Append(ColumnPlot($"{t.Name}.{c.Name}", pc, tc, $"p{plots++}") is { } svg
                    ? Figure(svg, $"distribution of {t.Name}.{c.Name}")
                    : NoData($"{t.Name}.{c.Name}", "nothing both sides describe alike"));
            }

            sb.Append("</div>\n");
        }

        sb.Append("<p style=\"color:#888\">Made by duckface verify. Plots: inline SVG.</p>\n</body></html>\n");
        return sb.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string StatusCell(MetricStatus status, string note) =>
        $"<td class=\"{StatusClass(status)}\">{StatusWords(status)}{(note.Length > 0 ? ": " + E(note) : "")}</td>";

    private static string StatusWords(MetricStatus status) => status switch
    {
        MetricStatus.Ok => "ok",
        MetricStatus.Warning => "warning",
        MetricStatus.Failed => "FAILED",
        _ => "not compared",
    };

    /// <summary>In place of a plot with nothing to draw: its title and why.</summary>
    private static string NoData(string title, string why) =>
        $"<figure class=\"plot nodata\" title=\"{E(title)}\"><p>{E(title)}: no data ({E(why)})</p></figure>\n";

    private static string StatusClass(MetricStatus status) => status switch
    {
        MetricStatus.Warning => "warning",
        MetricStatus.Failed => "failed",
        _ => "ok",
    };

    /// <summary>Red (0) through yellow (0.5) to green (1).</summary>
    private static string ScoreColour(double score)
    {
        var s = Math.Clamp(score, 0, 1);
        var hue = (int)Math.Round(120 * s);
        return string.Create(CultureInfo.InvariantCulture, $"hsl({hue},70%,80%)");
    }

    private static string Figure(string svg, string alt) =>
        $"<figure class=\"plot\" title=\"{E(alt)}\">{svg}</figure>\n";

    /// <summary>
    /// Fraction of parents with k children, k ≥ 1, on log-log axes (the zero fraction is in the title); null when no
    /// parent on either side has a child.
    /// </summary>
    internal static string? FanOutPlot(string title, FanOutStatistics profile, FanOutStatistics target, string id = "p")
    {
        var plot = new SvgPlot(Width, Height, id)
        {
            Title = string.Create(CultureInfo.InvariantCulture,
                $"{title}\nzero children: {profile.ZeroFraction:0.###} / {target.ZeroFraction:0.###}"),
            XLabel = "children per parent (log)",
            YLabel = "fraction of parents (log)",
            LogX = true,
            LogY = true,
        };
        AddFanOut(plot, profile, "profile", ProfileColor);
        AddFanOut(plot, target, "target", TargetColor);
        return plot.IsEmpty ? null : plot.Render();
    }

    private static void AddFanOut(SvgPlot plot, FanOutStatistics stats, string label, string color)
    {
        var total = (double)stats.Histogram.Sum(b => b.Parents);
        var bins = stats.Histogram.Where(b => b.Children > 0 && b.Parents > 0).ToList();
        if (bins.Count == 0 || total == 0)
            return;
        var xs = bins.Select(b => Math.Log10(b.Children)).ToArray();
        var ys = bins.Select(b => Math.Log10(b.Parents / total)).ToArray();
        var profile = label == "profile";
        plot.Line(xs, ys, color, label, profile ? 3 : 1, profile ? 9 : 5);
    }

    /// <summary>A CDF overlay (numbers, dates, lengths) or grouped bars (categories, booleans); null when there is nothing
    /// to draw.</summary>
    internal static string? ColumnPlot(string title, Distribution profile, Distribution target, string id = "p")
    {
        if (profile is CategoricalDistribution { Values.Count: 0, Other: { } po })
            profile = po;
        if (target is CategoricalDistribution { Values.Count: 0, Other: { } to })
            target = to;
        var plot = new SvgPlot(Width, Height, id) { Title = title, LegendTop = false };
        switch (profile, target)
        {
            case (NumericDistribution a, NumericDistribution b):
                Cdf(plot, a.Quantiles, b.Quantiles, "value");
                break;
            case (DateTimeDistribution a, DateTimeDistribution b):
                Cdf(plot, DistributionDistance.DateTimeSeconds(a.Quantiles), DistributionDistance.DateTimeSeconds(b.Quantiles), "date");
                DateAxis(plot, a.Quantiles.Concat(b.Quantiles));
                break;
            case (TextDistribution a, TextDistribution b):
                Cdf(plot, a.Lengths, b.Lengths, "length (characters)");
                break;
            case (BinaryDistribution a, BinaryDistribution b):
                Cdf(plot, a.Lengths, b.Lengths, "length (bytes)");
                break;
            case (CategoricalDistribution a, CategoricalDistribution b):
                Categories(plot, a, b);
                break;
            case (BooleanDistribution a, BooleanDistribution b):
                Bars(plot, ["false", "true"], [1 - a.TrueFraction, a.TrueFraction], [1 - b.TrueFraction, b.TrueFraction]);
                break;
            default:
                if (!MixtureCdf(plot, profile, target))
                    return null;
                break;
        }

        return plot.IsEmpty ? null : plot.Render();
    }

    /// <summary>Labels the x axis (seconds since 0001-01-01) with ISO dates, and times of day when the span is under 3 days.</summary>
    private static void DateAxis(SvgPlot plot, IEnumerable<string> quantiles)
    {
        var seconds = DistributionDistance.DateTimeSeconds(quantiles.ToList());
        var withTime = seconds.Length > 0 && seconds.Max() - seconds.Min() < 3 * 86400;
        plot.XFormat = s => SvgPlot.IsoDate(s, withTime);
    }

    private static bool IsDates(Distribution d) => d switch
    {
        DateTimeDistribution => true,
        CategoricalDistribution c => c.Values.Count > 0 && c.Values.All(v => DateTime.TryParseExact(
            v.Value, Statistics.ColumnAnalyzer.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)),
        _ => false,
    };

    /// <summary>Different kinds on the two sides (e.g. a column collapsed to one value): both CDFs as steps over every point.</summary>
    private static bool MixtureCdf(SvgPlot plot, Distribution profile, Distribution target)
    {
        var lengths = false;
        var a = DistributionMixture.Parts(profile, false);
        var b = DistributionMixture.Parts(target, false);
        if (a is null || b is null)
        {
            lengths = true;
            a = DistributionMixture.Parts(profile, true);
            b = DistributionMixture.Parts(target, true);
        }

        if (a is null || b is null)
            return false;
        var xs = a.Concat(b).SelectMany(p => p.Quantiles).Distinct().Order().ToArray();
        foreach (var (m, label, color, width) in new[] { (a, "profile", ProfileColor, 4.0), (b, "target", TargetColor, 2.0) })
        {
            var total = m.Sum(p => p.Weight);
            var ys = xs.Select(x => m.Sum(p => p.Weight * DistributionDistance.Cdf(p.Quantiles, x)) / total).ToArray();
            plot.Line(xs, ys, color, label, width, steps: true);
        }

        var dates = !lengths && (IsDates(profile) || IsDates(target));
        if (dates)
            plot.XFormat = s => SvgPlot.IsoDate(s, xs.Length > 0 && xs[^1] - xs[0] < 3 * 86400);
        plot.XLabel = lengths ? "length (characters)" : dates ? "date" : "value";
        plot.YLabel = "cumulative fraction";
        return true;
    }

    private static void Cdf(SvgPlot plot, IReadOnlyList<double> a, IReadOnlyList<double> b, string xLabel)
    {
        // the profile's line is drawn wider, so it still shows where the target's lies on it
        foreach (var (q, label, color, width) in new[] { (a, "profile", ProfileColor, 4.0), (b, "target", TargetColor, 2.0) })
        {
            if (q.Count == 0)
                continue;
            var ys = Enumerable.Range(0, q.Count).Select(i => q.Count == 1 ? 1.0 : (double)i / (q.Count - 1)).ToArray();
            plot.Line(q.ToArray(), ys, color, label, width);
        }

        plot.XLabel = xLabel;
        plot.YLabel = "cumulative fraction";
    }

    private static void Categories(SvgPlot plot, CategoricalDistribution a, CategoricalDistribution b)
    {
        var fa = a.Values.ToDictionary(v => v.Value, v => v.Frequency, StringComparer.Ordinal);
        var fb = b.Values.ToDictionary(v => v.Value, v => v.Frequency, StringComparer.Ordinal);
        var names = fa.Keys.Union(fb.Keys).OrderByDescending(k => fa.GetValueOrDefault(k)).ThenBy(k => k, StringComparer.Ordinal)
            .Take(20).ToList();
        var labels = names.Select(n => n.Length > 14 ? n[..13] + "…" : n).Append("other").ToArray();
        Bars(plot, labels,
            names.Select(n => fa.GetValueOrDefault(n)).Append(1 - names.Sum(n => fa.GetValueOrDefault(n))).ToArray(),
            names.Select(n => fb.GetValueOrDefault(n)).Append(1 - names.Sum(n => fb.GetValueOrDefault(n))).ToArray());
    }

    private static void Bars(SvgPlot plot, string[] labels, double[] a, double[] b)
    {
        plot.LegendTop = true;
        plot.GroupedBars(labels, a, b, ProfileColor, TargetColor);
        plot.YLabel = "fraction of non-null rows";
    }
}
