namespace ElasticDuckface.Generation;

/// <summary>
/// A table's rows generated in fixed-size chunks by several worker tasks and yielded in row order. Values depend on
/// (seed, table, column, row) only, so the rows are the same as a one-thread run; at most a bounded window of chunks is
/// in flight, so memory does not grow with the table.
/// </summary>
internal static class ParallelRows
{
    /// <summary>Rows per chunk: large enough to amortize a task, small enough to keep the window small.</summary>
    public const int ChunkRows = 8192;

    /// <summary>Rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="rows"/>) of <paramref name="chunk"/>
    /// (a shard's slice), <paramref name="workers"/> chunks computed ahead.</summary>
    /// <param name="firstRow">The first row.</param>
    /// <param name="rows">How many rows.</param>
    /// <param name="workers">Worker tasks (1: no task, the caller's thread generates).</param>
    /// <param name="chunk">Generates rows [first, first + count).</param>
    /// <param name="chunkRows">Rows per chunk.</param>
    public static IEnumerable<object?[]> Generate(long firstRow, long rows, int workers, Func<long, int, object?[][]> chunk,
        int chunkRows = ChunkRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        var end = firstRow + rows;
        if (workers <= 1 || rows <= chunkRows)
        {
            for (var first = firstRow; first < end; first += chunkRows)
            {
                foreach (var row in chunk(first, (int)Math.Min(chunkRows, end - first)))
                    yield return row;
            }

            yield break;
        }

        var window = new Queue<Task<object?[][]>>();
        var next = firstRow;
        var ahead = workers * 2;
        try
        {
            while (next < end || window.Count > 0)
            {
                while (next < end && window.Count < ahead)
                {
                    var first = next;
                    var count = (int)Math.Min(chunkRows, end - first);
                    window.Enqueue(Task.Run(() => chunk(first, count)));
                    next += count;
                }

                foreach (var row in window.Dequeue().GetAwaiter().GetResult())
                    yield return row;
            }
        }
        finally
        {
            // the consumer stopped early (or failed): let the started chunks finish before the generator is reused
            foreach (var pending in window)
                pending.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
        }
    }
}
