using System.Globalization;
using System.Text;
using ElasticDuckface.Sweep;

namespace ElasticDuckface.Cli.Reports;

/// <summary>The text <c>duckface sweep</c> prints: a table per scale, each gated measure's growth and prediction, the
/// thresholds, and the comparison with a baseline.</summary>
internal static class SweepSummary
{
    public static string Render(SweepReport report, IReadOnlyList<MeasureChange>? baseline)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var shown = SweepMeasures.Gated.Where(m => report.Points.Any(p => p.Measures.ContainsKey(m))).ToList();
        sb.Append(inv, $"{"scale",-10} {"rows",14}");
        foreach (var m in shown)
            sb.Append(inv, $"  {m + (report.Repeat > 1 ? " median (min–max)" : ""),-34}");
        sb.Append('\n');
        foreach (var p in report.Points)
        {
            sb.Append(inv, $"{"×" + p.Scale.ToString("0.######", inv),-10} {p.Rows,14:N0}");
            foreach (var m in shown)
                sb.Append(inv, $"  {Spread(p.Measures.GetValueOrDefault(m), m, report.Repeat > 1),-34}");
            sb.Append('\n');
        }

        var at = report.PredictScale is { } s ? string.Create(inv, $"at ×{s:0.###} ({report.PredictRows:N0} rows)") : "";
        sb.Append(inv, $"\n{"measure",-34} {"growth",-10} {"rel. error",10} {"R²",7}  {at}\n");
        var growth = report.Growth.Where(g => SweepMeasures.Gated.Contains(g.Name) || g.SuperLinear).ToList();
        foreach (var g in growth)
        {
            var best = g.Fit.Best;
            sb.Append(inv, $"{g.Name,-34} {best.Model.Words(),-10} {best.RelativeError,10:0.0%} {best.RSquared,7:0.000}  ")
                .Append(g.Predicted is { } v ? Value(v, g.Name) : "").Append(g.SuperLinear ? "  SUPER-LINEAR" : "")
                .Append(g.Fit.Poor ? "  (poor fit: no model describes it)" : "").Append('\n');
        }

        var others = report.Growth.Count - growth.Count;
        if (others > 0)
            sb.Append(inv, $"({others} more server counters, none super-linear: see --json or --report)\n");
        if (baseline is not null)
        {
            var grew = baseline.Where(c => c.Grew).ToList();
            var rows = baseline.Count > 0 ? baseline[0].Rows : 0;
            sb.Append(inv, $"\nAgainst the baseline ({baseline.Count} measures compared at {rows:N0} rows): ")
                .Append(grew.Count == 0 ? "no measure grew.\n" : $"{grew.Count} grew:\n");
            foreach (var c in grew)
            {
                sb.Append(inv, $"  {c.Name}: {c.BaselineModel.Words()} → {c.CurrentModel.Words()}, "
                    + $"{Value(c.BaselineValue, c.Name)} → {Value(c.CurrentValue, c.Name)}")
                    .Append(c.BaselineValue > 0 ? string.Create(inv, $" (×{c.CurrentValue / c.BaselineValue:0.##})") : "").Append('\n');
            }
        }

        if (report.Thresholds.Any)
        {
            sb.Append(report.Violations.Count == 0 ? "\nThresholds: passed.\n" : "\nThresholds EXCEEDED:\n");
            foreach (var v in report.Violations)
                sb.Append("  ").Append(v.Text).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A measure's value as read: seconds with three decimals, counts as whole numbers.</summary>
    public static string Value(double value, string measure) =>
        measure == SweepMeasures.Seconds
            ? value.ToString("0.000", CultureInfo.InvariantCulture) + " s"
            : value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Spread(MeasureSummary? summary, string measure, bool repeated) =>
        summary is null ? "" : repeated
            ? $"{Value(summary.Median, measure)} ({Value(summary.Min, measure)}–{Value(summary.Max, measure)})"
            : Value(summary.Median, measure);
}
