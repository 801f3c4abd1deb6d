using System.Globalization;
using System.Text;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Cli.Reports;

/// <summary>The text <c>duckface verify</c> prints: verdict, one line per table (worst first), joint foreign keys, busy
/// parents, problems.</summary>
internal static class VerifySummary
{
    /// <summary>The human summary of <paramref name="report"/>.</summary>
    internal static string Summary(FidelityReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var warnings = report.Problems.Count(p => p.Severity == ProblemSeverity.Warning);
        var failed = report.Problems.Count(p => p.Severity == ProblemSeverity.Failed);
        var verdict = report.Verdict switch
        {
            Verdict.Faithful => "FAITHFUL",
            Verdict.FaithfulWithWarnings => $"FAITHFUL, with {Count(warnings, "warning")}",
            _ => $"FAILED ({failed} failed, {Count(warnings, "warning")})",
        };
        var sizes = report.Scaled
            ? string.Create(inv, $", expected sizes from ×{report.Scale:0.######}")
            : ", shapes only (no scale option: row counts not checked)";
        sb.Append(inv, $"Verification {verdict}: score {report.Score:0.000}, hard checks {report.HardChecksPassed} passed, ")
            .Append(inv, $"{report.HardChecksFailed} failed; {warnings} warnings{(report.Strict ? " (strict)" : "")}{sizes}\n");
        // the worst problem right under the verdict: the list below is worst first too
        if (report.Problems.Count > 0)
            sb.Append("Worst: ").Append(report.Problems[0].Text).Append('\n');
        var rows = report.Tables
            .OrderBy(t => t.HardCheckFailed ? 0 : 1).ThenBy(t => t.Score).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (
                t.Name,
                Rows: !t.Present ? "missing"
                    : t.ExpectedRows is { } e ? string.Create(inv, $"{t.TargetRows:N0}/{e:N0}")
                    : t.TargetRows.ToString("N0", inv),
                Score: t.Score.ToString("0.000", inv),
                Check: t.HardCheckFailed ? "FAILED" : "ok",
                t.Worst))
            .ToList();
        var nameWidth = Math.Max(5, rows.Max(r => (int?)r.Name.Length) ?? 0);
        var rowsWidth = Math.Max(4, rows.Max(r => (int?)r.Rows.Length) ?? 0);
        sb.Append("  ").Append("table".PadRight(nameWidth)).Append("  ").Append("rows".PadLeft(rowsWidth))
            .Append("  score  checks  worst distance\n");
        foreach (var r in rows)
        {
            sb.Append("  ").Append(r.Name.PadRight(nameWidth)).Append("  ").Append(r.Rows.PadLeft(rowsWidth))
                .Append("  ").Append(r.Score).Append("  ").Append(r.Check.PadRight(6)).Append("  ").Append(r.Worst).Append('\n');
        }

        AppendPairs(sb, "Joint foreign keys (fan-out correlation of a row's two parents, profile / target):", [.. report.Tables
            .SelectMany(t => t.JointForeignKeys.Select(j => new PairLine(t.Name, $"{j.First.Name} × {j.Second.Name}",
                j.FanOutCorrelation, j.Difference, j.Status)))]);
        AppendPairs(sb, "Busy parents (Spearman ρ of a parent's fan-outs in two child keys, profile / target):", [.. report.Tables
            .SelectMany(t => t.ChildFanOutCorrelations.Select(b => new PairLine(t.Name,
                $"{b.First.Table}.{b.First.Name} × {b.Second.Table}.{b.Second.Name}", b.Spearman, b.Difference, b.Status)))]);

        if (report.Problems.Count > 0)
        {
            sb.Append("Problems:\n");
            foreach (var p in report.Problems)
                sb.Append("  ").Append(p.Text).Append('\n');
        }

        sb.Append("Not measured yet: ").Append(string.Join(", ", report.NotMeasured.Select(n => n.Name))).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// The verdict in words a person reads: <c>Faithful</c>, <c>Faithful, with 2 warnings</c> or
    /// <c>Not faithful: 3 problems</c> (failures and warnings).
    /// </summary>
    internal static string VerdictWords(FidelityReport report) => report.Verdict switch
    {
        Verdict.Faithful => "Faithful",
        Verdict.FaithfulWithWarnings => "Faithful, with " + Count(report.Problems.Count, "warning"),
        _ => $"Not faithful: {Count(report.Problems.Count, "problem")}"
            + $" ({report.Problems.Count(p => p.Severity == ProblemSeverity.Failed)} failed)",
    };

    private static string Count(int n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");

    /// <summary>One line of a table of correlations per pair of keys.</summary>
    private sealed record PairLine(string Table, string Pair, SideBySide<double> Value, double Difference, MetricStatus Status);

    /// <summary>A titled table of pairs, profile / target and difference, or nothing when there is none.</summary>
    private static void AppendPairs(StringBuilder sb, string title, IReadOnlyList<PairLine> pairs)
    {
        if (pairs.Count == 0)
            return;
        var inv = CultureInfo.InvariantCulture;
        sb.Append(title).Append('\n');
        var tableWidth = pairs.Max(p => p.Table.Length);
        var pairWidth = pairs.Max(p => p.Pair.Length);
        foreach (var p in pairs)
        {
            sb.Append("  ").Append(p.Table.PadRight(tableWidth)).Append("  ").Append(p.Pair.PadRight(pairWidth))
                .Append(inv, $"  {p.Value.Profile,6:0.000} / {p.Value.Target,6:0.000}")
                .Append(inv, $"  difference {p.Difference:0.000}")
                .Append("  ").Append(StatusWord(p.Status)).Append('\n');
        }
    }

    private static string StatusWord(MetricStatus status) => status switch
    {
        MetricStatus.Ok => "ok",
        MetricStatus.Failed => "FAILED",
        _ => "warning",
    };
}
