using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>
/// Compares a table's learned dependencies (its row state and its orderings of date/time columns) in the target with
/// the profile's.
/// </summary>
internal static class DependencyComparer
{
    /// <summary>The row state's measures (when both sides have it), then each ordering both sides measured.</summary>
    public static List<DependencyFidelity> Compare(TableProfile table, TableProfile target, VerifyOptions options)
    {
        var dependencies = table.RowState is { } state && target.RowState is { } targetState
            ? CompareRowState(state, targetState, table.SampledRows ?? table.RowCount, target.SampledRows ?? target.RowCount, options)
            : [];
        foreach (var ordering in table.Orderings)
        {
            var to = target.Orderings.FirstOrDefault(o => string.Equals(o.Column, ordering.Column, StringComparison.OrdinalIgnoreCase)
                && string.Equals(o.After, ordering.After, StringComparison.OrdinalIgnoreCase));
            if (to is null)
                continue;
            var subject = $"{ordering.Column} ≥ {ordering.After}";
            var rows = Math.Min(ordering.Rows, to.Rows);
            dependencies.Add(Dependency(DependencyKind.Ordering, subject, ordering.Share, to.Share, rows, options));
            var gap = DistributionDistance.QuantileKs(ordering.GapSeconds, to.GapSeconds);
            dependencies.Add(Dependency(DependencyKind.OrderingGap, subject, 0, gap, rows, options, ThresholdJudge.KsNoiseFactor));
        }

        return dependencies;
    }

    /// <summary>
    /// A row state measured in the target (with the profile's flag and columns): the share of rows in the state, each
    /// conditioned column's association and its distribution on each side (or its copy share), and each parent's phi.
    /// </summary>
    /// <remarks>Every measure is as precise as the smaller of the two samples it compares, side by side: the noise
    /// allowance uses the fewer rows of the profile's and the target's (a ×10 target measures an association more
    /// sharply than the profile could).</remarks>
    private static List<DependencyFidelity> CompareRowState(
        RowStateProfile p, RowStateProfile t, long profileRows, long targetRows, VerifyOptions options)
    {
        var result = new List<DependencyFidelity>();
        static long Rows(long rows, double fraction) => (long)Math.Round(rows * fraction);
        var setRows = Math.Min(Rows(profileRows, p.Fraction), Rows(targetRows, t.Fraction));
        var unsetRows = Math.Min(Rows(profileRows, 1 - p.Fraction), Rows(targetRows, 1 - t.Fraction));
        result.Add(Dependency(DependencyKind.StateFraction, p.Column, p.Fraction, t.Fraction, Math.Min(profileRows, targetRows), options));
        foreach (var column in p.Columns)
        {
            var tc = t.Columns.FirstOrDefault(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase));
            if (tc is null)
                continue;
            var conditioned = $"{column.Name} | {p.Column}";
            var bothSides = Math.Max(1, Math.Min(setRows, unsetRows));
            result.Add(Dependency(DependencyKind.Association, conditioned, column.Association, tc.Association, bothSides, options,
                noise: column.AssociationNoise ?? 0));
            var sides = new[]
            {
                (DependencyKind.WhenSet, column.WhenSet, tc.WhenSet, setRows),
                (DependencyKind.WhenUnset, column.WhenUnset, tc.WhenUnset, unsetRows),
            };
            foreach (var (kind, ps, ts, rows) in sides)
            {
                // a side without rows in the profile or the target (a soft delete no row or every row has) has nothing
                // to compare: its distribution is the convention on one side and empty on the other
                if (rows == 0)
                    continue;
                if (ps.Distribution is SameAsDistribution same)
                {
                    var share = ts.Distribution is SameAsDistribution ts2 ? ts2.Fraction : 0;
                    var copy = $"{column.Name} = {same.Column} ({EnumText.Of(kind)})";
                    result.Add(Dependency(DependencyKind.SameAs, copy, same.Fraction, share, rows, options));
                    continue;
                }

                var (_, distance, _) = ColumnComparer.Distance(ps.Distribution, ts.Distribution);
                var total = Math.Max(distance ?? 0, Math.Abs(ps.NullFraction - ts.NullFraction));
                result.Add(Dependency(kind, conditioned, 0, total, rows, options, ThresholdJudge.KsNoiseFactor));
            }
        }

        foreach (var parent in p.Parents)
        {
            var tp = t.Parents.FirstOrDefault(
                x => x.ForeignKey.Columns.SequenceEqual(parent.ForeignKey.Columns, StringComparer.OrdinalIgnoreCase));
            if (tp is null)
                continue;
            var subject = $"{string.Join(", ", parent.ForeignKey.Columns)} ({parent.ForeignKey.Name})";
            var rows = Math.Min(parent.Rows, tp.Rows);
            result.Add(Dependency(DependencyKind.Parent, subject, parent.Correlation, tp.Correlation, rows, options));
        }

        return result;
    }

    private static DependencyFidelity Dependency(
        DependencyKind kind, string subject, double profile, double target, long rows, VerifyOptions options,
        double noiseFactor = ThresholdJudge.CorrelationNoiseFactor, double noise = 0)
    {
        var difference = MetricRounding.Round(Math.Abs(target - profile));
        // sampling noise over the rows, or a DP profile's recorded noise of the measure: a difference within either is noise
        var (threshold, status) = ThresholdJudge.Judge(
            difference, options.Thresholds.MaxDependencyDifference, noiseFactor, rows, options, noise);
        return new DependencyFidelity
        {
            Kind = kind,
            Subject = subject,
            Value = new(MetricRounding.Round(profile), MetricRounding.Round(target)),
            Difference = difference,
            Threshold = threshold,
            Status = status,
            Note = status != MetricStatus.Ok ? ProblemText.DifferenceNote(target, profile, difference, threshold) : "",
        };
    }
}
