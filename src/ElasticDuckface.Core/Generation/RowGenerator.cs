using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Generation;

/// <summary>
/// Generates the rows of a planned database. Every value depends on (seed, table, column, row index) only, so the
/// output is the same whatever the thread count, chunking or sharding.
/// </summary>
/// <remarks>
/// <para>Rows are <c>object?[]</c> in <see cref="TableProfile.Columns"/> order with the CLR types of ADR 0002.
/// FK values are the parent's key values at a parent row index chosen by <see cref="FanOutAllocator"/>; key values are
/// bijections of the row number.</para>
/// <code>
/// var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 5, Seed = 1 });
/// var generator = new RowGenerator(profile, plan);
/// foreach (var table in plan.Tables)
///     foreach (var row in generator.Rows(table.Name))
///         writer.Add(row);
/// </code>
/// </remarks>
public sealed class RowGenerator
{
    private readonly Dictionary<string, TableGenerator> _tables = new(StringComparer.Ordinal);

    /// <summary>Prepares the column generators of every planned table.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="plan">The plan made from it.</param>
    /// <param name="types">The source engine's type map (integer widths); <see cref="NamedColumnTypeMap.Common"/> when null.</param>
    /// <exception cref="PlanValidationException">A unique column cannot hold the planned number of distinct values.</exception>
    public RowGenerator(DatabaseProfile profile, GenerationPlan plan, IColumnTypeMap? types = null)
        : this(profile, plan, types, ParentAssigner.DefaultStreamingRows, CancellationToken.None)
    {
    }

    /// <summary>Prepares the column generators of every planned table, looking at <paramref name="cancellationToken"/> between
    /// tables; the token also stops each table's per-row state (<see cref="Prepare"/>, or the first row) between its steps.
    /// The rows do not depend on the token: it only stops the work.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="plan">The plan made from it.</param>
    /// <param name="types">The source engine's type map (integer widths); <see cref="NamedColumnTypeMap.Common"/> when null.</param>
    /// <param name="cancellationToken">Stops the set-up with an <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="PlanValidationException">A unique column cannot hold the planned number of distinct values.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public RowGenerator(DatabaseProfile profile, GenerationPlan plan, IColumnTypeMap? types, CancellationToken cancellationToken)
        : this(profile, plan, types, ParentAssigner.DefaultStreamingRows, cancellationToken)
    {
    }

    /// <summary>As the public constructor, with the row count above which a table's parents are streamed (tests use small
    /// ones).</summary>
    internal RowGenerator(DatabaseProfile profile, GenerationPlan plan, IColumnTypeMap? types, long streamingRows,
        CancellationToken cancellationToken = default)
    {
        types ??= NamedColumnTypeMap.Common;
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(plan);
        var byName = new Dictionary<string, TableProfile>(StringComparer.Ordinal);
        foreach (var t in profile.Tables)
            byName[t.Name] = t;
        var busy = new BusyParentOrder(profile, name => plan.Find(name)?.TargetRows ?? 0, plan.Seed, plan.Growth);
        foreach (var tp in plan.Tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!byName.TryGetValue(tp.Name, out var table))
                throw new PlanValidationException(
                    $"The plan names table '{tp.Name}', which the profile does not have; plan again from this profile.");
            _tables[tp.Name] = new TableGenerator(table, tp, plan.Seed, types, byName, plan.Growth, streamingRows, busy)
            {
                Cancellation = cancellationToken,
            };
        }

        foreach (var t in _tables.Values)
        {
            foreach (var fk in t.Layout.ForeignKeys)
            {
                if (!_tables.ContainsKey(fk.ReferencedTable))
                    throw new PlanValidationException($"Table '{t.Name}' references '{fk.ReferencedTable}', which the plan does not have; "
                        + $"plan again from this profile.");
            }
        }

        for (var i = 0; i < plan.Tables.Count; i++)
            _tables[plan.Tables[i].Name].Order = i;
        foreach (var tp in plan.Tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _tables[tp.Name].Initialize(_tables);
        }
    }

    /// <summary>The number of rows <see cref="Rows(string)"/> yields for a table.</summary>
    public long RowCount(string table) => Get(table).Rows;

    /// <summary>Every row of a table, in row order.</summary>
    public IEnumerable<object?[]> Rows(string table) => Rows(table, 0, RowCount(table));

    /// <summary>A slice of a table's rows: rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="count"/>).
    /// The slices of one table can be generated in any order or in parallel and are identical to the same rows of a full run.</summary>
    public IEnumerable<object?[]> Rows(string table, long firstRow, long count)
    {
        var t = Get(table);
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstRow + count, t.Rows);
        return Iterate(t, firstRow, count);
    }

    /// <summary>Every row of a table, in row order, generated in chunks by <paramref name="workers"/> threads; the rows are
    /// identical to <see cref="Rows(string)"/> whatever the thread count.</summary>
    /// <param name="table">The table.</param>
    /// <param name="workers">Worker threads; 1 generates on the caller's thread.</param>
    public IEnumerable<object?[]> Rows(string table, int workers) => Rows(table, workers, Shard.Whole);

    /// <summary>One shard's slice of a table's rows (<see cref="Shard.Slice"/>), in row order, generated in chunks by
    /// <paramref name="workers"/> threads; the shards in index order are <see cref="Rows(string)"/> whatever the thread count.</summary>
    /// <param name="table">The table.</param>
    /// <param name="workers">Worker threads; 1 generates on the caller's thread.</param>
    /// <param name="shard">The slice; <see cref="Shard.Whole"/> for every row.</param>
    public IEnumerable<object?[]> Rows(string table, int workers, Shard shard) => Rows(table, workers, ParallelRows.ChunkRows, shard);

    /// <summary>As <see cref="Rows(string, int, Shard)"/> with a chosen chunk size (tests use small ones).</summary>
    internal IEnumerable<object?[]> Rows(string table, int workers, int chunkRows, Shard? shard = null)
    {
        var t = Get(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var (first, count) = (shard ?? Shard.Whole).Slice(t.Rows);
        // one thread: row by row, so each row dies young instead of a chunk of them outliving a collection
        if (workers <= 1)
            return Iterate(t, first, count);
        return ParallelRows.Generate(first, count, workers, (start, n) => Chunk(t, start, n), chunkRows);
    }

    private static object?[][] Chunk(TableGenerator t, long firstRow, int count)
    {
        var width = t.Columns.Length;
        var chunk = new object?[count][];
        for (var i = 0; i < count; i++)
        {
            var values = new object?[width];
            var row = firstRow + i;
            for (var c = 0; c < width; c++)
                values[c] = t.Value(c, row);
            chunk[i] = values;
        }

        return chunk;
    }

    private static IEnumerable<object?[]> Iterate(TableGenerator t, long firstRow, long count)
    {
        var width = t.Columns.Length;
        for (var row = firstRow; row < firstRow + count; row++)
        {
            var values = new object?[width];
            for (var c = 0; c < width; c++)
                values[c] = t.Value(c, row);
            yield return values;
        }
    }

    /// <summary>Computes a table's per-row state (parent assignments, ranks, the fan-out correlation) now rather than on its
    /// first row, so that it can be computed ahead, on another thread, while an earlier table is written
    /// (<see cref="TablePrefetcher"/>). Thread-safe; the rows do not change.</summary>
    public void Prepare(string table) => Get(table).Prepare();

    /// <summary>Frees a table's per-row state (parent assignments, ranks) once its rows and its children's rows are written.
    /// Nothing changes in the output: the state is a pure function of the plan and is computed again if read again.</summary>
    public void Release(string table) => Get(table).Release();

    private TableGenerator Get(string table) =>
        _tables.TryGetValue(table, out var t) ? t : throw new ArgumentException($"The plan has no table '{table}'.", nameof(table));
}
