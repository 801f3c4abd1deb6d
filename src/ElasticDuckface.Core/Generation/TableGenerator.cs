using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>
/// One table's column sources and cached FK assignments. Values depend on (seed, table, column, row) only.
/// </summary>
/// <remarks>
/// Coordinates the parts: <see cref="ParentAssigner"/> (parent rows per FK), <see cref="RowStateFlag"/> (the row state),
/// <see cref="ColumnSourceBuilder"/> (a source per column) and <see cref="ColumnOrdering"/> (learned orderings over them).
/// </remarks>
internal sealed class TableGenerator
{
    private readonly long _seed;
    private readonly FanOutGrowth _growth;
    private readonly long _streamingRows;
    private readonly BusyParentOrder? _busy;
    private readonly Func<long, object?>[] _sources;
    private ParentAssigner? _assigner;
    private Func<long, bool>? _flag;
    private readonly List<Action> _releases = [];

    public TableGenerator(TableProfile table, TablePlan plan, long seed, IColumnTypeMap types,
        IReadOnlyDictionary<string, TableProfile> tables,
        FanOutGrowth growth, long streamingRows = ParentAssigner.DefaultStreamingRows, BusyParentOrder? busy = null)
    {
        _busy = busy;
        _growth = growth;
        _streamingRows = streamingRows;
        Table = table;
        Rows = plan.TargetRows;
        _seed = seed;
        Columns = table.Columns.Select(c => new ColumnInfo(c, types.Canonical(c))).ToArray();
        Layout = new KeyLayout(table, tables);
        _sources = new Func<long, object?>[Columns.Length];
    }

    public TableProfile Table { get; }

    /// <summary>Stops the set-up and the per-row state's computation between steps (Ctrl-C); never changes a value.</summary>
    public CancellationToken Cancellation { get; init; }

    public string Name => Table.Name;

    public long Rows { get; }

    public ColumnInfo[] Columns { get; }

    public KeyLayout Layout { get; }

    /// <summary>The table's position in the plan (parents first); a row state follows only parents that come earlier.</summary>
    public int Order { get; set; }

    /// <summary>Whether the table draws a row state (it has one, on a plain value column).</summary>
    public bool HasRowState => _flag is not null;

    /// <summary>Whether a row is in the table's row state (e.g. soft-deleted); false when the table has none.</summary>
    public bool Flag(long row) => _flag is not null && _flag(row);

    /// <summary>Builds the column sources once every table exists (FK sources read their parent's values).</summary>
    public void Initialize(IReadOnlyDictionary<string, TableGenerator> all)
    {
        var parents = Layout.ForeignKeys.Select(fk => all[fk.ReferencedTable]).ToArray();
        var parentRows = parents.Select((p, f) => SchemaFacts.IsSelf(Table, Layout.ForeignKeys[f]) ? Rows : p.Rows).ToArray();
        _assigner = new ParentAssigner(Table, Layout, Rows, _seed, parentRows, _growth,
            parents.Select((p, f) => FanOutState(p, Layout.ForeignKeys[f])).ToArray(), _streamingRows, _busy)
        {
            Cancellation = Cancellation,
            TableGrowth = name => all.TryGetValue(name, out var t) && t.Table.RowCount > 0 ? (double)t.Rows / t.Table.RowCount : null,
        };
        _flag = RowStateFlag.Create(this, parents, _seed);
        var builder = new ColumnSourceBuilder(this, parents, _seed);
        for (var c = 0; c < Columns.Length; c++)
            _sources[c] = builder.Build(c);
        foreach (var ordering in Table.Orderings)
            ColumnOrdering.Apply(ordering, this, _sources, _seed);
        VerbatimColumns.Apply(this, _sources);
    }

    /// <summary>
    /// The parent's row state when the FK's fan-out follows it: the profile has the fan-out per side of that state and the
    /// parent draws it before this table (as <see cref="RowStateFlag"/> follows only earlier parents).
    /// </summary>
    private Func<long, bool>? FanOutState(TableGenerator parent, ForeignKeyProfile fk) =>
        parent != this && parent.HasRowState && parent.Order < Order && fk.Stats?.ByParentState is { } states
        && string.Equals(states.Column, parent.Table.RowState!.Column, StringComparison.OrdinalIgnoreCase)
            ? parent.Flag
            : null;

    public object? Value(int column, long row) => _sources[column](row);

    /// <summary>
    /// Computes the per-row state now (each FK's parent assignment on its own task, then the ranks and the other lazy
    /// state that row 0 reads), so that it can run ahead of the table's rows on another core. The state is the same as
    /// when the first row computes it.
    /// </summary>
    public void Prepare()
    {
        if (Rows == 0)
            return;
        Cancellation.ThrowIfCancellationRequested();
        Assigner.Prepare();
        for (var c = 0; c < Columns.Length; c++)
        {
            Cancellation.ThrowIfCancellationRequested();
            _ = Value(c, 0);
        }
    }

    /// <summary>Registers state to drop in <see cref="Release"/>.</summary>
    public void OnRelease(Action release) => _releases.Add(release);

    /// <summary>Drops the per-row state (parent assignments, ranks); it is computed again, identically, if read again.</summary>
    public void Release()
    {
        _assigner?.Release();
        foreach (var release in _releases)
            release();
    }

    /// <summary>Row <paramref name="row"/>'s parent row index under FK <paramref name="fk"/>, or -1 for NULL.</summary>
    public long Parent(int fk, long row) => Assigner.Parent(fk, row);

    /// <summary>The parent assignment (per row or streamed).</summary>
    public ParentAssigner Assigner => _assigner ?? throw new InvalidOperationException("Initialize the table generator first.");

    /// <summary>The index of the column named <paramref name="name"/> (ignoring case), or -1.</summary>
    public int ColumnIndex(string name) => Array.FindIndex(Columns, c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The row state's statistics of column <paramref name="name"/> per side, or null when the state does not
    /// condition it.</summary>
    public ConditionalColumnProfile? ConditionedColumn(string name) =>
        Table.RowState?.Columns.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
}
