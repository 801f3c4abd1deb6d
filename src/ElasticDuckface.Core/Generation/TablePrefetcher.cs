namespace ElasticDuckface.Generation;

/// <summary>
/// Computes the per-row state of the tables ahead of the one being written (<see cref="RowGenerator.Prepare"/>), on the
/// thread pool, so that a table's sequential set-up (parent assignments, the fan-out correlation's sorts, pair repairs)
/// overlaps the rows of the tables before it instead of stalling the workers when its first row is read.
/// </summary>
/// <remarks>
/// Output does not change: the state is a pure function of the plan, computed once whichever thread reads it first.
/// Memory stays bounded: tables are prepared ahead only while the rows of the prepared, unwritten tables (each counted at
/// most <see cref="ParentAssigner.DefaultStreamingRows"/>, as a streamed table's state is per parent) stay within
/// <see cref="RowBudget"/>, and always at least the next table. A failure in a prepared table is not reported here: the
/// same exception is thrown again when the table's rows are read.
/// </remarks>
public sealed class TablePrefetcher
{
    /// <summary>Rows of the tables prepared ahead of the one being written: four in-memory tables at the streaming
    /// threshold, tens of megabytes of per-row state.</summary>
    public const long RowBudget = 4 * ParentAssigner.DefaultStreamingRows;

    private readonly RowGenerator _generator;
    private readonly IReadOnlyList<string> _order;
    private int _next;

    /// <param name="generator">The generator whose tables are prepared.</param>
    /// <param name="order">The tables in the order they are written.</param>
    public TablePrefetcher(RowGenerator generator, IReadOnlyList<string> order)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(order);
        _generator = generator;
        _order = order;
    }

    /// <summary>Table <paramref name="index"/> of the order is about to be written: prepares it and the tables after it
    /// that fit the budget (each once), without waiting.</summary>
    public void Reached(int index)
    {
        long ahead = 0;
        for (var i = index + 1; i < _next; i++)
            ahead += Weight(_order[i]);
        _next = Math.Max(_next, index);
        while (_next < _order.Count && (_next <= index + 1 || ahead + Weight(_order[_next]) <= RowBudget))
        {
            var table = _order[_next++];
            if (_next - 1 > index)
                ahead += Weight(table);
            // the exception, if any, comes again from the table's own rows; here it is only observed
            _ = Task.Run(() => _generator.Prepare(table)).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    private long Weight(string table) => Math.Min(_generator.RowCount(table), ParentAssigner.DefaultStreamingRows);
}
