using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// What a parent's row state decides about its children, for every foreign key into a table that has a row state
/// (self-references aside): the child's own state given its parent's, from the 2×2 counts of (child flag, parent flag)
/// over the joined rows, when the child has a row state too; and the fan-out on each side of the parent's state
/// (<see cref="ParentStateFanOuts"/>), whatever the child has.
/// </summary>
internal static class ParentStates
{
    /// <summary>Adds the parent states to the row state of every table in <paramref name="tables"/> that has any.</summary>
    /// <param name="source">The database the tables were profiled from.</param>
    /// <param name="tables">The profiled tables; entries are replaced.</param>
    /// <param name="dependencies">With a reference profile, only its pairs are measured.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task MeasureAsync(SourceDatabase source, List<TableProfile> tables, DependencyMode dependencies,
        CancellationToken cancellationToken)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tables.Count; i++)
            tables[i] = await WithFanOutsAsync(source, tables[i], byName, dependencies, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < tables.Count; i++)
        {
            var child = tables[i];
            if (child.RowState is null)
                continue;
            var parents = new List<ParentStateProfile>();
            foreach (var fk in child.ForeignKeys)
            {
                if (string.Equals(fk.ReferencedTable, child.Name, StringComparison.OrdinalIgnoreCase)
                    || !byName.TryGetValue(fk.ReferencedTable, out var parent) || parent.RowState is null)
                    continue;
                if (!dependencies.MeasuresParentState(child.Name, fk))
                    continue;
                var cells = await ProfileQueries.ParentStateCountsAsync(source, child, parent, fk, cancellationToken).ConfigureAwait(false);
                parents.Add(FromCounts(new ForeignKeyReference(fk.Name, fk.Columns), cells));
            }

            if (parents.Count > 0)
                tables[i] = child with { RowState = child.RowState with { Parents = parents } };
        }
    }

    /// <summary><paramref name="child"/> with the fan-out per parent state of each foreign key whose parent has a row state.</summary>
    private static async Task<TableProfile> WithFanOutsAsync(SourceDatabase source, TableProfile child,
        Dictionary<string, TableProfile> byName, DependencyMode dependencies, CancellationToken cancellationToken)
    {
        var fks = child.ForeignKeys.ToList();
        var changed = false;
        for (var f = 0; f < fks.Count; f++)
        {
            var fk = fks[f];
            if (fk.Stats is null || string.Equals(fk.ReferencedTable, child.Name, StringComparison.OrdinalIgnoreCase)
                || !byName.TryGetValue(fk.ReferencedTable, out var parent) || parent.RowState is null
                || !dependencies.MeasuresParentStateFanOut(child.Name, fk))
                continue;
            var (bins, setParents) = await ProfileQueries.ParentStateFanOutBinsAsync(source, parent, fk, child.Name, cancellationToken)
                .ConfigureAwait(false);
            var byState = FromBins(parent.RowState.Column, parent.RowCount, setParents, bins);
            fks[f] = fk with { Stats = fk.Stats with { ByParentState = byState } };
            changed = true;
        }

        return changed ? child with { ForeignKeys = fks } : child;
    }

    /// <summary>The two sides' fan-outs from the (side, children, parents) bins and the parent rows in the state.</summary>
    internal static ParentStateFanOuts FromBins(string column, long parentRows, long setParents,
        IReadOnlyList<(long Set, long Children, long Parents)> bins)
    {
        IEnumerable<(long, long)> Side(long set) => bins.Where(b => b.Set == set).Select(b => (b.Children, b.Parents));
        return new ParentStateFanOuts
        {
            Column = column,
            Set = FanOutHistogram.BuildSide(setParents, Side(1)),
            Unset = FanOutHistogram.BuildSide(Math.Max(0, parentRows - setParents), Side(0)),
        };
    }

    /// <summary>Conditional fractions and the phi coefficient from the 2×2 counts of (child flag, parent flag).</summary>
    internal static ParentStateProfile FromCounts(ForeignKeyReference foreignKey, IReadOnlyList<(long Child, long Parent, long N)> cells)
    {
        long Cell(long c, long p) => cells.Where(x => x.Child == c && x.Parent == p).Sum(x => x.N);
        double n11 = Cell(1, 1), n10 = Cell(1, 0), n01 = Cell(0, 1), n00 = Cell(0, 0);
        var n = n11 + n10 + n01 + n00;
        var parentSet = n11 + n01;
        var parentUnset = n10 + n00;
        return new ParentStateProfile
        {
            ForeignKey = foreignKey,
            Rows = (long)n,
            ParentSetFraction = Quantiles.Tidy(n == 0 ? 0 : parentSet / n),
            // a side with no parent says nothing: it gets the child's overall share, so generating more parents on
            // that side (at another scale) does not invent a dependency
            SetGivenParentSet = Quantiles.Tidy(parentSet == 0 ? (n == 0 ? 0 : (n11 + n10) / n) : n11 / parentSet),
            SetGivenParentUnset = Quantiles.Tidy(parentUnset == 0 ? (n == 0 ? 0 : (n11 + n10) / n) : n10 / parentUnset),
            // phi: Pearson's r of the two 0/1 flags (Σx = Σx² = child set, Σy = Σy² = parent set, Σxy = both)
            Correlation = Quantiles.Tidy(PearsonCorrelation.FromSums((long)n, n11 + n10, parentSet, n11 + n10, parentSet, n11)),
        };
    }
}
