using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// Draws which rows of a table are in its row state (<see cref="RowStateProfile"/>, e.g. soft-deleted): from the
/// child-given-parent probabilities of the first foreign key into an earlier table with a row state (the parent's own
/// flag decides which applies), else from the state's fraction.
/// </summary>
internal static class RowStateFlag
{
    /// <summary>Conditional shares closer than this are the same share (profiles tidy them to 12 significant digits).</summary>
    private const double Uninformative = 1e-9;

    /// <summary>The flag per row, or null when the table has no row state on a column it draws freely.</summary>
    /// <param name="generator">The table; its plan order and parent assignment are read.</param>
    /// <param name="parents">Per FK of the table's layout, the parent table.</param>
    /// <param name="seed">The plan's seed.</param>
    public static Func<long, bool>? Create(TableGenerator generator, IReadOnlyList<TableGenerator> parents, long seed)
    {
        var table = generator.Table;
        var layout = generator.Layout;
        if (table.RowState is not { } state)
            return null;
        var flagColumn = generator.ColumnIndex(state.Column);
        if (flagColumn < 0 || layout.Roles[flagColumn] != KeyLayout.ColumnRole.None)
            return null;
        var stream = StableHash.Derive(seed, generator.Name, "(row state)");
        foreach (var parentState in state.Parents)
        {
            var f = layout.ForeignKeys.ToList()
                .FindIndex(fk => fk.Columns.SequenceEqual(parentState.ForeignKey.Columns, StringComparer.OrdinalIgnoreCase));
            if (f < 0 || parents[f] == generator || parents[f].Table.RowState is null || parents[f].Order >= generator.Order)
                continue;
            var parent = parents[f];
            var fk = f;
            // rows without a parent (NULL reference) take the share the joined rows leave over
            var joined = table.RowCount == 0 ? 0 : Math.Min(1, (double)parentState.Rows / table.RowCount);
            var joinedSet = parentState.ParentSetFraction * parentState.SetGivenParentSet
                + (1 - parentState.ParentSetFraction) * parentState.SetGivenParentUnset;
            var orphanSet = joined >= 1 ? state.Fraction : Math.Clamp((state.Fraction - joined * joinedSet) / (1 - joined), 0, 1);
            // a parent whose state says nothing (the same share under either side and without a parent: e.g. a lookup
            // table no row of which is deleted) would only trade the exact count below for a coin per row
            if (Math.Abs(parentState.SetGivenParentSet - parentState.SetGivenParentUnset) < Uninformative
                && Math.Abs(orphanSet - joinedSet) < Uninformative)
                continue;
            return row =>
            {
                var p = generator.Parent(fk, row);
                var probability = p < 0 ? orphanSet : parent.Flag(p) ? parentState.SetGivenParentSet : parentState.SetGivenParentUnset;
                return StableHash.Uniform(stream, row, 0) < probability;
            };
        }

        // no parent to follow: exactly round(fraction × rows) rows are in the state, as for NULLs
        var inState = (ulong)Math.Round(Math.Clamp(state.Fraction, 0, 1) * generator.Rows, MidpointRounding.AwayFromZero);
        var rank = new AffinePermutation((ulong)Math.Max(generator.Rows, 1), stream);
        return row => rank.Map((ulong)row) < inState;
    }
}
