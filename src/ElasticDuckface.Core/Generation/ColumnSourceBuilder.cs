using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// Builds a column's source, its value as a function of the row number, from the column's role in the key layout:
/// the parent's key value for a foreign key, a bijection of the row number (or of its rank in a parent group) for a key,
/// else a draw from the column's statistics, on the side of the row state the row is on.
/// </summary>
/// <param name="generator">The table; FK and rank sources read its parent assignment, row-state sources its flag.</param>
/// <param name="parents">Per FK of the table's layout, the parent table.</param>
/// <param name="seed">The plan's seed.</param>
internal sealed class ColumnSourceBuilder(TableGenerator generator, IReadOnlyList<TableGenerator> parents, long seed)
{
    /// <summary>The source of column <paramref name="c"/>.</summary>
    /// <exception cref="PlanValidationException">A key column cannot hold the planned number of distinct values, or a
    /// parent lacks the referenced column.</exception>
    public Func<long, object?> Build(int c)
    {
        var info = generator.Columns[c];
        var layout = generator.Layout;
        var rows = generator.Rows;
        var stream = StableHash.Derive(seed, generator.Name, info.Name);
        var prefix = SchemaFacts.KeyPrefix(generator.Table, info.Name);
        switch (layout.Roles[c])
        {
            case KeyLayout.ColumnRole.ForeignKey:
            {
                var f = layout.ColumnFk[c];
                var parent = parents[f];
                var refName = layout.ForeignKeys[f].ReferencedColumns[layout.ColumnFkPosition[c]];
                var refColumn = IndexOf(parent.Table, refName);
                return row =>
                {
                    var p = generator.Parent(f, row);
                    return p < 0 ? null : info.Convert(parent.Value(refColumn, p));
                };
            }

            case KeyLayout.ColumnRole.Sequence:
            {
                var unique = new UniqueValues(generator.Name, info, rows, stream, sequence: true, prefix);
                return row => unique.Value(row);
            }

            case KeyLayout.ColumnRole.Unique:
            {
                var unique = new UniqueValues(generator.Name, info, rows, stream, sequence: false, prefix);
                return row => unique.Value(row);
            }

            case KeyLayout.ColumnRole.Rank:
            {
                var group = layout.RankGroups[c];
                var ranks = new ResettableLazy<Func<long, object?>>(() =>
                {
                    // streamed: the rank is the row's position in its parent's run, the values as many as the longest run
                    if (generator.Assigner.StreamedRanks(group) is { } streamed)
                    {
                        var count = Math.Max(streamed.Index.MaxFanOut, streamed.Nulls);
                        var byRun = new UniqueValues(generator.Name, info, generator.Rows == 0 ? 0 : count, stream, sequence: false,
                            prefix);
                        return row => byRun.Value(streamed.Rank(row));
                    }

                    var rank = GroupRanks.Compute(group.Select(generator.Assigner.ParentIndex).ToArray(), (int)rows);
                    var max = 0;
                    foreach (var r in rank)
                        max = Math.Max(max, r + 1);
                    var values = new UniqueValues(generator.Name, info, max, stream, sequence: false, prefix);
                    return row => values.Value(rank[row]);
                });
                generator.OnRelease(ranks.Reset);
                return row => ranks.Value(row);
            }

            default:
            {
                var state = generator.Table.RowState;
                if (generator.HasRowState && state is not null)
                {
                    if (string.Equals(state.Column, info.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        var sampler = ValueSampler.Create(info, info.Column.Stats?.Distribution, stream);
                        return row => generator.Flag(row) ? sampler.Sample(row) : null;
                    }

                    if (generator.ConditionedColumn(info.Name) is { } conditional)
                    {
                        var setStream = StableHash.Derive(seed, generator.Name, info.Name, "state:set");
                        var unsetStream = StableHash.Derive(seed, generator.Name, info.Name, "state:unset");
                        var set = ValueSource(info, conditional.WhenSet, setStream);
                        var unset = ValueSource(info, conditional.WhenUnset, unsetStream);
                        return row => generator.Flag(row) ? set(row) : unset(row);
                    }
                }

                return ValueSource(info, info.Column.Stats, stream, exactNulls: true);
            }
        }
    }

    /// <summary>Draws a value column from its statistics: NULL with the null fraction, else from the distribution.</summary>
    /// <param name="info">The column.</param>
    /// <param name="stats">Its statistics (of one side of a row state, or of the whole column).</param>
    /// <param name="stream">The column's stream.</param>
    /// <param name="exactNulls">Make exactly round(nullFraction × rows) rows NULL (a row is NULL when its rank under a
    /// seeded affine permutation of the row numbers falls below that count), instead of a coin per row: small tables then
    /// keep their NULL share (a 20-row table with 80% NULLs has 16, not anywhere from 10 to 20). One side of a row state
    /// has no known row count and keeps the coin.</param>
    private Func<long, object?> ValueSource(ColumnInfo info, ColumnStatistics? stats, ulong stream, bool exactNulls = false)
    {
        // a dropped column (privacy file) has no statistics: NULL where the column allows it, else the type's default draw
        if (stats is null && info.Column.Privacy == Privacy.ColumnPrivacy.Drop && info.Column.Nullable)
            return _ => null;
        var nullFraction = info.Column.Nullable && stats is not null && double.IsFinite(stats.NullFraction) ? stats.NullFraction : 0;
        if (stats?.Distribution is EmptyDistribution && info.Column.Nullable)
            nullFraction = 1;
        Func<long, object?> draw;
        if (stats?.Distribution is SameAsDistribution same && CopySource(same.Column) is { } source)
        {
            // read at draw time, so the copy follows the source column's ordering too
            draw = row => info.Convert(generator.Value(source, row));
        }
        else
        {
            var distribution = stats?.Distribution is SameAsDistribution ? null : stats?.Distribution;
            var sampler = ValueSampler.Create(info, distribution, stream, stats?.DistinctCount ?? 0);
            draw = sampler.Sample;
        }

        if (nullFraction <= 0)
            return draw;
        var rows = generator.Rows;
        if (exactNulls && rows > 0)
        {
            var nulls = (ulong)Math.Round(nullFraction * rows, MidpointRounding.AwayFromZero);
            var rank = new AffinePermutation((ulong)rows, stream ^ 0x4E554C4CUL);
            return row => rank.Map((ulong)row) < nulls ? null : draw(row);
        }

        return row => StableHash.Uniform(stream, row, 0) < nullFraction ? null : draw(row);
    }

    /// <summary>The column a <see cref="SameAsDistribution"/> copies, when it is not itself conditioned (no copy chains).</summary>
    private int? CopySource(string column)
    {
        var index = generator.ColumnIndex(column);
        if (index < 0 || generator.Table.RowState is not { } state)
            return null;
        var conditioned = generator.ConditionedColumn(column) is not null
            || string.Equals(state.Column, column, StringComparison.OrdinalIgnoreCase);
        return conditioned ? null : index;
    }

    /// <summary>A parent's referenced column: the exact name first, as the schema spells it, else ignoring case.</summary>
    private static int IndexOf(TableProfile table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (string.Equals(table.Columns[i].Name, column, StringComparison.Ordinal))
                return i;
        }

        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (string.Equals(table.Columns[i].Name, column, StringComparison.OrdinalIgnoreCase))
                return i;
        }

        throw new PlanValidationException($"Table '{table.Name}' has no column '{column}'.");
    }
}
