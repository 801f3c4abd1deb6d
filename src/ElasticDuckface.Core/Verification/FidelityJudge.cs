namespace ElasticDuckface.Verification;

/// <summary>
/// Decides the scores and the verdict: a table scores 1 − its worst distance, the database its worst table, and any
/// failure fails.
/// </summary>
internal static class FidelityJudge
{
    /// <summary>
    /// 1 − the worst of the table's distances (fan-out KS over its floor, fan-out mean error capped at 1, joint
    /// correlation and busy-parent ρ differences capped at 1 (a correlation of the opposite sign differs by up to 2, and
    /// a score stays in [0, 1]), dependency differences, compared columns' distances), and what gave it.
    /// </summary>
    public static (double Score, string Worst) ScoreTable(
        IEnumerable<ForeignKeyFidelity> foreignKeys, IEnumerable<ParentStateFanOutFidelity> parentStates,
        IEnumerable<JointForeignKeyFidelity> joint, IEnumerable<DependencyFidelity> dependencies, IEnumerable<ColumnFidelity> columns,
        IEnumerable<ChildFanOutCorrelationFidelity>? busyParents = null)
    {
        var worst = 0.0;
        var worstWhat = "";
        foreach (var fk in foreignKeys)
        {
            Consider(fk.KsExcess, $"fan-out {fk.Name} (ks{(fk.KsFloor > 0 ? " over floor" : "")})");
            Consider(Math.Min(1, Math.Abs(fk.MeanRatio - 1)), $"fan-out {fk.Name} (mean)");
        }

        foreach (var s in parentStates)
        {
            var side = $"{s.StateColumn} {EnumText.Of(s.Side)}";
            Consider(s.KsExcess, $"fan-out {s.Name} {side} (ks{(s.KsFloor > 0 ? " over floor" : "")})");
            Consider(Math.Min(1, Math.Abs(s.MeanRatio - 1)), $"fan-out {s.Name} {side} (mean)");
        }

        foreach (var j in joint)
            Consider(Math.Min(1, j.Difference), $"joint fan-out {j.First.Name} × {j.Second.Name} (correlation)");

        foreach (var b in busyParents ?? [])
        {
            var pair = $"{b.First.Table}.{b.First.Name} × {b.Second.Table}.{b.Second.Name}";
            Consider(Math.Min(1, b.Difference), $"busy parents {pair} (spearman)");
        }

        foreach (var d in dependencies)
            Consider(d.Difference, $"dependency {EnumText.Of(d.Kind)} {d.Subject}");

        foreach (var c in columns.Where(c => c.Status != MetricStatus.NotCompared))
        {
            var metric = c.Distance == c.NullFractionDifference && c.Distance > 0 ? "nulls" : EnumText.Of(c.Metric);
            Consider(c.Distance, $"column {c.Name} ({metric})");
        }

        return (MetricRounding.Round(1 - worst), worstWhat);

        void Consider(double distance, string what)
        {
            if (distance > worst)
            {
                worst = distance;
                worstWhat = what;
            }
        }
    }

    /// <summary>The lowest table score; 1 when there are no tables.</summary>
    public static double ScoreDatabase(IReadOnlyCollection<TableFidelity> tables) => tables.Count == 0 ? 1 : tables.Min(t => t.Score);

    /// <summary>Failed when any problem fails (every failed hard check does), with warnings when any warns, else faithful.</summary>
    public static Verdict Decide(IReadOnlyCollection<FidelityProblem> problems) =>
        problems.Any(p => p.Severity == ProblemSeverity.Failed) ? Verdict.Failed
        : problems.Count > 0 ? Verdict.FaithfulWithWarnings
        : Verdict.Faithful;
}
