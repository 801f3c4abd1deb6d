namespace ElasticDuckface.Verification;

/// <summary>
/// Gathers the <see cref="FidelityProblem"/>s of a comparison: every failed hard check and every metric over its
/// threshold, from the report's own records, so a report read back from JSON gets the same problems.
/// </summary>
internal static class ProblemCollector
{
    /// <summary>
    /// Worst first: failed hard checks (by table, then text), then failed metrics, then warnings, each largest measured
    /// distance first, then by table and text.
    /// </summary>
    public static List<FidelityProblem> Collect(
        IEnumerable<HardCheckResult> hardChecks, IEnumerable<TableFidelity> tables, VerifyThresholds thresholds)
    {
        var problems = new List<(int Rank, FidelityProblem Problem)>();
        foreach (var h in hardChecks.Where(h => !h.Passed))
        {
            problems.Add((0, new FidelityProblem
            {
                Severity = ProblemSeverity.Failed,
                Check = FidelityCheck.HardCheck,
                HardCheck = h.Kind,
                Table = h.Table,
                Subject = h.Subject,
                Measured = h.Found,
                Threshold = h.Expected,
                Text = ProblemText.HardCheck(h),
            }));
        }

        foreach (var t in tables)
        {
            foreach (var fk in t.ForeignKeys.Where(f => IsOver(f.Status)))
                Add(fk.Status, FanOut(t.Name, fk, thresholds));
            foreach (var s in t.ParentStateFanOuts.Where(s => IsOver(s.Status)))
                Add(s.Status, StateFanOut(t.Name, s, thresholds));
            foreach (var j in t.JointForeignKeys.Where(j => IsOver(j.Status)))
            {
                var pair = $"{j.First.Name} × {j.Second.Name}";
                var text = ProblemText.JointFanOut(t.Name, j);
                Add(j.Status, Metric(j.Status, FidelityCheck.JointFanOutCorrelation, t.Name, pair, j.Difference, j.Threshold, text));
            }

            foreach (var b in t.ChildFanOutCorrelations.Where(b => IsOver(b.Status)))
            {
                var pair = $"{b.First.Table}.{b.First.Name} × {b.Second.Table}.{b.Second.Name}";
                var text = ProblemText.BusyParents(t.Name, pair, b);
                Add(b.Status, Metric(b.Status, FidelityCheck.ChildFanOutCorrelation, t.Name, pair, b.Difference, b.Threshold, text));
            }

            foreach (var c in t.Columns.Where(c => IsOver(c.Status)))
                Add(c.Status, Column(t.Name, c));
            foreach (var d in t.Dependencies.Where(d => IsOver(d.Status)))
            {
                var text = ProblemText.Dependency(t.Name, d);
                var problem = Metric(d.Status, FidelityCheck.Dependency, t.Name, d.Subject, d.Difference, d.Threshold, text);
                Add(d.Status, problem with { Dependency = d.Kind });
            }
        }

        return problems
            .OrderBy(p => p.Rank).ThenByDescending(p => p.Rank == 0 ? 0 : p.Problem.Measured)
            .ThenBy(p => p.Problem.Table, StringComparer.Ordinal).ThenBy(p => p.Problem.Text, StringComparer.Ordinal)
            .Select(p => p.Problem)
            .ToList();

        void Add(MetricStatus status, FidelityProblem problem) => problems.Add((status == MetricStatus.Failed ? 1 : 2, problem));
    }

    private static bool IsOver(MetricStatus status) => status is MetricStatus.Warning or MetricStatus.Failed;

    private static FidelityProblem Metric(
        MetricStatus status, FidelityCheck check, string table, string subject, double measured, double threshold, string text) => new()
    {
        Severity = status == MetricStatus.Failed ? ProblemSeverity.Failed : ProblemSeverity.Warning,
        Check = check,
        Table = table,
        Subject = subject,
        Measured = measured,
        Threshold = threshold,
        Text = text,
    };

    /// <summary>
    /// The shape when its KS is over (the first the note names), else the mean. Judged on the rounded numbers the record
    /// holds, a KS a hair over can round to its threshold: then it is still the shape unless the mean is over.
    /// </summary>
    private static FidelityProblem FanOut(string table, ForeignKeyFidelity fk, VerifyThresholds thresholds)
    {
        var meanError = MetricRounding.Round(Math.Abs(fk.MeanRatio - 1));
        var mean = fk.KsExcess <= fk.KsThreshold && meanError > thresholds.MaxFanOutMeanError;
        var text = ProblemText.FanOut(table, fk);
        return mean
            ? Metric(fk.Status, FidelityCheck.FanOutMean, table, fk.Name, meanError, thresholds.MaxFanOutMeanError, text)
            : Metric(fk.Status, FidelityCheck.FanOutShape, table, fk.Name, fk.KsExcess, fk.KsThreshold, text);
    }

    /// <summary>One side of a parent's state: the shape when its KS is over, else the mean (as <see cref="FanOut"/>).</summary>
    private static FidelityProblem StateFanOut(string table, ParentStateFanOutFidelity fk, VerifyThresholds thresholds)
    {
        var meanError = MetricRounding.Round(Math.Abs(fk.MeanRatio - 1));
        var mean = fk.KsExcess <= fk.KsThreshold && meanError > thresholds.MaxFanOutMeanError;
        var text = ProblemText.ParentStateFanOut(table, fk);
        var subject = $"{fk.Name} ({fk.StateColumn} {EnumText.Of(fk.Side)})";
        return mean
            ? Metric(fk.Status, FidelityCheck.ParentStateFanOutMean, table, subject, meanError, thresholds.MaxFanOutMeanError, text)
            : Metric(fk.Status, FidelityCheck.ParentStateFanOutShape, table, subject, fk.KsExcess, fk.KsThreshold, text);
    }

    /// <summary>The distribution when its distance is the larger (as the note says), else the NULL fraction.</summary>
    private static FidelityProblem Column(string table, ColumnFidelity c)
    {
        var distance = c.DistributionDistance ?? 0;
        var text = ProblemText.Column(table, c);
        if (c.ValuesUnusable == true)
            return Metric(c.Status, FidelityCheck.ColumnValues, table, c.Name, distance, c.Threshold, text);
        // no value left where the profile has some (all NULL): its NULL fraction, at the column's distance of 1
        if (c.DistributionDistance is null && c.Distance > c.NullFractionDifference)
            return Metric(c.Status, FidelityCheck.ColumnNullFraction, table, c.Name, c.Distance, c.Threshold, text);
        return distance >= c.NullFractionDifference
            ? Metric(c.Status, FidelityCheck.ColumnDistribution, table, c.Name, distance, c.Threshold, text)
            : Metric(c.Status, FidelityCheck.ColumnNullFraction, table, c.Name, c.NullFractionDifference, c.Threshold, text);
    }
}
