using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>One table's column sources and cached FK assignments. Values depend on (seed, table, column, row) only.</summary>
internal sealed class TableGenerator
{
    private readonly long _seed;
    private readonly Func<long, object?>[] _sources;
    private TableGenerator[] _parents = [];
    private ParentAssigner? _assigner;
    private Func<long, bool>? _flag;

    public TableGenerator(TableProfile table, TablePlan plan, long seed, string dialect, IReadOnlyDictionary<string, TableProfile> tables)
    {
        Table = table;
        Rows = plan.TargetRows;
        _seed = seed;
        Columns = table.Columns.Select(c => new ColumnInfo(c, dialect)).ToArray();
        Layout = new KeyLayout(table, tables);
        _sources = new Func<long, object?>[Columns.Length];
    }

    public TableProfile Table { get; }

    public string Name => Table.Name;

    public long Rows { get; }

    public ColumnInfo[] Columns { get; }

    public KeyLayout Layout { get; }

    /// <summary>The table's position in the plan (parents first); a row state follows only parents that come earlier.</summary>
    public int Order { get; set; }

    /// <summary>Whether a row is in the table's row state (e.g. soft-deleted); false when the table has none.</summary>
    public bool Flag(long row) => _flag is not null && _flag(row);

    /// <summary>Builds the column sources once every table exists (FK sources read their parent's values).</summary>
    public void Initialize(IReadOnlyDictionary<string, TableGenerator> all)
    {
        _parents = Layout.ForeignKeys.Select(fk => all[fk.ReferencedTable]).ToArray();
        var parentRows = _parents.Select((p, f) => SchemaFacts.IsSelf(Table, Layout.ForeignKeys[f]) ? Rows : p.Rows).ToArray();
        _assigner = new ParentAssigner(Table, Layout, Rows, _seed, parentRows);
        _flag = BuildFlag();
        for (var c = 0; c < Columns.Length; c++)
            _sources[c] = BuildSource(c);
        foreach (var ordering in Table.Orderings)
            ApplyOrdering(ordering);
    }

    /// <summary>
    /// A learned ordering (<see cref="ColumnOrderingProfile"/>): where the column and its anchor are both not NULL (the
    /// column keeps its own NULLs, row state included), its value is the anchor's plus a gap drawn from the profiled gap
    /// quantiles. The anchor is an earlier column, read through its own source, so orderings chain without cycles.
    /// </summary>
    private void ApplyOrdering(ColumnOrderingProfile ordering)
    {
        var b = Array.FindIndex(Columns, c => string.Equals(c.Name, ordering.Column, StringComparison.OrdinalIgnoreCase));
        var a = Array.FindIndex(Columns, c => string.Equals(c.Name, ordering.After, StringComparison.OrdinalIgnoreCase));
        if (a < 0 || b <= a || ordering.GapSeconds.Count == 0 || Layout.Roles[b] != KeyLayout.ColumnRole.None
            || Columns[b].Category is not (Schema.ColumnCategory.Date or Schema.ColumnCategory.DateTime))
            return;
        var info = Columns[b];
        var own = _sources[b];
        var gaps = ordering.GapSeconds.Order().ToArray();
        // with a row state, the gap of each side (an instance's lifetime until deletion differs from a live one's age)
        var gapsSet = _flag is not null && ordering.GapSecondsWhenSet is { Count: > 0 } gs ? gs.Order().ToArray() : gaps;
        var gapsUnset = _flag is not null && ordering.GapSecondsWhenUnset is { Count: > 0 } gu ? gu.Order().ToArray() : gaps;
        var stream = StableHash.Derive(_seed, Name, info.Name, "ordering");
        // without a row state, the gaps of the anchor's quarter (late anchors have had less time)
        var strata = _flag is null && ordering.GapSecondsByAfter is { Count: > 1 } byAfter
            ? byAfter.Select(g => (Until: g.Until is { } u && ValueSampler.TryParseDate(u, out var t) ? t : DateTime.MaxValue,
                Gaps: g.GapSeconds.Order().ToArray())).ToArray()
            : null;
        var conditional = Table.RowState?.Columns.FirstOrDefault(x => string.Equals(x.Name, info.Name, StringComparison.OrdinalIgnoreCase));
        var latest = Latest(info.Column, conditional);
        // NULLs follow the anchor's, unless the row state already decides them (the flag itself, or a conditioned column)
        var isFlag = _flag is not null && string.Equals(Table.RowState!.Column, info.Name, StringComparison.OrdinalIgnoreCase);
        var nullsFollowAnchor = info.Column.Nullable && !isFlag && conditional is null;
        _sources[b] = row =>
        {
            object? value;
            var anchorValue = _sources[a](row);
            if (nullsFollowAnchor)
            {
                var nullShare = anchorValue is null ? ordering.NullWhenAfterNull ?? 1 : ordering.NullWhenAfterSet;
                if (StableHash.Uniform(stream, row, 1) < nullShare)
                    return null;
                value = anchorValue is null ? own(row) : info.FromTicks(0);
            }
            else
            {
                value = own(row);
            }

            if (value is null || anchorValue is not DateTime anchor)
                return value;
            var side = strata is null ? Flag(row) ? gapsSet : gapsUnset : Stratum(strata, anchor);
            var u = StableHash.Uniform(stream, row, 0);
            // never past the column's profiled latest value (the snapshot): the gap is drawn from its distribution
            // truncated at latest − anchor (inverse CDF of u scaled by the CDF at that limit)
            if (latest is { } last && last > anchor)
                u *= ValueSampler.Cdf(side, (last - anchor).TotalSeconds);
            var gap = ValueSampler.InverseCdf(side, u);
            return info.FromTicks(anchor.Ticks + (long)Math.Round(gap * TimeSpan.TicksPerSecond));
        };
    }

    private static double[] Stratum((DateTime Until, double[] Gaps)[] strata, DateTime anchor)
    {
        foreach (var (until, gaps) in strata)
        {
            if (anchor < until)
                return gaps;
        }

        return strata[^1].Gaps;
    }

    /// <summary>The latest value a date/time column's profile allows (its distributions' last quantiles), or null.</summary>
    private static DateTime? Latest(ColumnProfile column, ConditionalColumnProfile? conditional)
    {
        DateTime? latest = null;
        foreach (var d in new[] { column.Stats?.Distribution, conditional?.WhenSet.Distribution, conditional?.WhenUnset.Distribution })
        {
            if (d is DateTimeDistribution { Quantiles.Count: > 0 } dt
                && ValueSampler.TryParseDate(dt.Quantiles[^1], out var t)
                && (latest is null || t > latest))
                latest = t;
        }

        return latest;
    }

    public object? Value(int column, long row) => _sources[column](row);

    /// <summary>For each row, the parent row index of FK <paramref name="fk"/>, or -1 for NULL.</summary>
    public int[] ParentIndex(int fk) =>
        (_assigner ?? throw new InvalidOperationException("Initialize the table generator first.")).ParentIndex(fk);

    private Func<long, object?> BuildSource(int c)
    {
        var info = Columns[c];
        var stream = StableHash.Derive(_seed, Name, info.Name);
        switch (Layout.Roles[c])
        {
            case KeyLayout.ColumnRole.ForeignKey:
            {
                var f = Layout.ColumnFk[c];
                var parent = _parents[f];
                var refName = Layout.ForeignKeys[f].ReferencedColumns[Layout.ColumnFkPosition[c]];
                var refColumn = IndexOf(parent.Table, refName);
                return row =>
                {
                    var p = ParentIndex(f)[row];
                    return p < 0 ? null : info.Convert(parent.Value(refColumn, p));
                };
            }

            case KeyLayout.ColumnRole.Sequence:
            {
                var unique = new UniqueValues(info, Rows, stream, sequence: true);
                return row => unique.Value(row);
            }

            case KeyLayout.ColumnRole.Unique:
            {
                var unique = new UniqueValues(info, Rows, stream, sequence: false);
                return row => unique.Value(row);
            }

            case KeyLayout.ColumnRole.Rank:
            {
                var group = Layout.RankGroups[c];
                var ranks = new Lazy<(int[] Rank, UniqueValues Values)>(() =>
                {
                    var rank = GroupRanks.Compute(group.Select(ParentIndex).ToArray(), (int)Rows);
                    var max = 0;
                    foreach (var r in rank)
                        max = Math.Max(max, r + 1);
                    return (rank, new UniqueValues(info, max, stream, sequence: false));
                }, LazyThreadSafetyMode.ExecutionAndPublication);
                return row => ranks.Value.Values.Value(ranks.Value.Rank[row]);
            }

            default:
            {
                var state = Table.RowState;
                if (_flag is not null && state is not null)
                {
                    if (string.Equals(state.Column, info.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        var sampler = ValueSampler.Create(info, info.Column.Stats?.Distribution, stream);
                        return row => Flag(row) ? sampler.Sample(row) : null;
                    }

                    if (state.Columns.FirstOrDefault(x => string.Equals(x.Name, info.Name, StringComparison.OrdinalIgnoreCase)) is { } conditional)
                    {
                        var set = ValueSource(info, conditional.WhenSet, StableHash.Derive(_seed, Name, info.Name, "state:set"));
                        var unset = ValueSource(info, conditional.WhenUnset, StableHash.Derive(_seed, Name, info.Name, "state:unset"));
                        return row => Flag(row) ? set(row) : unset(row);
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
        var nullFraction = info.Column.Nullable && stats is not null && double.IsFinite(stats.NullFraction) ? stats.NullFraction : 0;
        if (stats?.Distribution is EmptyDistribution && info.Column.Nullable)
            nullFraction = 1;
        Func<long, object?> draw;
        if (stats?.Distribution is SameAsDistribution same && CopySource(same.Column) is { } source)
        {
            draw = row => info.Convert(_sources[source](row));
        }
        else
        {
            var sampler = ValueSampler.Create(info, stats?.Distribution is SameAsDistribution ? null : stats?.Distribution, stream, stats?.DistinctCount ?? 0);
            draw = sampler.Sample;
        }

        if (nullFraction <= 0)
            return draw;
        if (exactNulls && Rows > 0)
        {
            var nulls = (ulong)Math.Round(nullFraction * Rows, MidpointRounding.AwayFromZero);
            var rank = new AffinePermutation((ulong)Rows, stream ^ 0x4E554C4CUL);
            return row => rank.Map((ulong)row) < nulls ? null : draw(row);
        }

        return row => StableHash.Uniform(stream, row, 0) < nullFraction ? null : draw(row);
    }

    /// <summary>The column a <see cref="SameAsDistribution"/> copies, when it is not itself conditioned (no copy chains).</summary>
    private int? CopySource(string column)
    {
        var index = Array.FindIndex(Columns, c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));
        if (index < 0 || Table.RowState is not { } state)
            return null;
        var conditioned = state.Columns.Any(x => string.Equals(x.Name, column, StringComparison.OrdinalIgnoreCase))
            || string.Equals(state.Column, column, StringComparison.OrdinalIgnoreCase);
        return conditioned ? null : index;
    }

    /// <summary>
    /// The row-state flag: from the child-given-parent probabilities of the first foreign key into an earlier table
    /// with a row state (the parent's own flag decides which applies), else from the state's fraction.
    /// </summary>
    private Func<long, bool>? BuildFlag()
    {
        if (Table.RowState is not { } state)
            return null;
        if (Array.FindIndex(Columns, c => string.Equals(c.Name, state.Column, StringComparison.OrdinalIgnoreCase)) is var flagColumn && flagColumn < 0
            || Layout.Roles[flagColumn] != KeyLayout.ColumnRole.None)
            return null;
        var stream = StableHash.Derive(_seed, Name, "(row state)");
        foreach (var parentState in state.Parents)
        {
            var f = Layout.ForeignKeys.ToList().FindIndex(fk => fk.Columns.SequenceEqual(parentState.ForeignKey.Columns, StringComparer.OrdinalIgnoreCase));
            if (f < 0 || _parents[f] == this || !_parents[f].HasRowStateProfile || _parents[f].Order >= Order)
                continue;
            var parent = _parents[f];
            var fk = f;
            // rows without a parent (NULL reference) take the share the joined rows leave over
            var joined = Table.RowCount == 0 ? 0 : Math.Min(1, (double)parentState.Rows / Table.RowCount);
            var joinedSet = parentState.ParentSetFraction * parentState.SetGivenParentSet + (1 - parentState.ParentSetFraction) * parentState.SetGivenParentUnset;
            var orphanSet = joined >= 1 ? state.Fraction : Math.Clamp((state.Fraction - joined * joinedSet) / (1 - joined), 0, 1);
            return row =>
            {
                var p = ParentIndex(fk)[row];
                var probability = p < 0 ? orphanSet : parent.Flag(p) ? parentState.SetGivenParentSet : parentState.SetGivenParentUnset;
                return StableHash.Uniform(stream, row, 0) < probability;
            };
        }

        // no parent to follow: exactly round(fraction × rows) rows are in the state, as for NULLs
        var inState = (ulong)Math.Round(Math.Clamp(state.Fraction, 0, 1) * Rows, MidpointRounding.AwayFromZero);
        var rank = new AffinePermutation((ulong)Math.Max(Rows, 1), stream);
        return row => rank.Map((ulong)row) < inState;
    }

    private bool HasRowStateProfile => Table.RowState is not null;

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
