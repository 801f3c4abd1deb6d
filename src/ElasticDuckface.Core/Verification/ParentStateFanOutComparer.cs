using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Verification;

/// <summary>
/// Compares each foreign key's fan-out per side of its parent's row state in the target with the profile's, for the
/// keys whose profile has it (<see cref="FanOutStatistics.ByParentState"/>) and that the target measured the same way.
/// </summary>
internal static class ParentStateFanOutComparer
{
    /// <summary>Per foreign key (by name), the set side then the unset side; a side without parents in the profile or the
    /// target is left out.</summary>
    public static List<ParentStateFanOutFidelity> Compare(TableProfile table, TableProfile target, VerifyOptions options)
    {
        var result = new List<ParentStateFanOutFidelity>();
        foreach (var fk in table.ForeignKeys.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (fk.Stats?.ByParentState is not { } p)
                continue;
            var t = target.ForeignKeys.FirstOrDefault(f => f.Columns.SequenceEqual(fk.Columns, StringComparer.OrdinalIgnoreCase)
                && string.Equals(f.ReferencedTable, fk.ReferencedTable, StringComparison.OrdinalIgnoreCase))?.Stats?.ByParentState;
            if (t is null)
                continue;
            // the children the target's parents per side call for: the generator's split of the target's own children (with
            // the pair density of a key of two foreign keys, and its cap: the other side's target rows)
            var pair = FanOutComparer.Pair(table, target, fk);
            var growth = options.Plan?.Growth ?? FanOutGrowth.Sample;
            var (setChildren, unsetChildren) = StateFanOutAllocator.Split(p, fk.Stats.Histogram, t.Set.ChildRows + t.Unset.ChildRows,
                t.Set.ParentRows, t.Unset.ParentRows, Math.Min(int.MaxValue, pair?.TargetParents ?? int.MaxValue), growth, pair,
                fk.MinChildren);
            foreach (var (side, expected) in new[] { (ParentStateSide.Set, setChildren), (ParentStateSide.Unset, unsetChildren) })
            {
                var set = side == ParentStateSide.Set;
                // a side with no parent on either side of the comparison has no fan-out to compare (a ×0.1 target
                // may have no deleted parent at all)
                if (p.Side(set).ParentRows > 0 && t.Side(set).ParentRows > 0)
                    result.Add(CompareSide(fk, p.Column, side, p.Side(set), t.Side(set), expected, options, pair));
            }
        }

        return result;
    }

    private static ParentStateFanOutFidelity CompareSide(ForeignKeyProfile fk, string column, ParentStateSide side, StateFanOut p,
        StateFanOut t, long expectedChildren, VerifyOptions options, PairSide? pair)
    {
        // against the side's reference the generator allocated against: the pair density's where it decides
        var shape = FanOutShape.Measure(p.Histogram, t.Histogram, t.ParentRows, options, pair, minimum: fk.MinChildren);
        var expectedMean = t.ParentRows > 0 ? (double)expectedChildren / t.ParentRows : 0;
        var (status, note, meanRatio) = shape.Judge(t.Mean, expectedMean, options);
        return new ParentStateFanOutFidelity
        {
            Name = fk.Name,
            Columns = fk.Columns,
            ReferencedTable = fk.ReferencedTable,
            StateColumn = column,
            Side = side,
            ParentRows = new(p.ParentRows, t.ParentRows),
            ChildRows = new(p.ChildRows, t.ChildRows),
            Ks = MetricRounding.Round(shape.Ks),
            KsFloor = MetricRounding.Round(shape.Floor),
            KsExcess = MetricRounding.Round(shape.Excess),
            KsThreshold = MetricRounding.Round(shape.Threshold),
            ExpectedMean = MetricRounding.Round(expectedMean),
            Mean = new(p.Mean, t.Mean),
            MeanRatio = MetricRounding.Round(meanRatio),
            Status = status,
            Note = note,
        };
    }
}
