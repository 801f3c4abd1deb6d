namespace ElasticDuckface.Generation;

/// <summary>
/// One foreign key's parent per child row, computed per block of rows from per-parent state instead of held per row:
/// the NULL rows are <see cref="NullParents"/>' selection sampling replayed from a checkpoint per block, the i-th
/// non-NULL row takes position <c>map(i)</c> of the parents' runs (<see cref="FanOutIndex"/>), and the map is the
/// identity for the primary FK (children contiguous per parent, as in the in-memory assignment) and a seeded affine
/// bijection for the others (where the in-memory assignment shuffles the whole sequence).
/// </summary>
/// <remarks>Blocks are computed on the thread that reads them and cached per thread, so chunks generated in parallel
/// read the same values as one thread.</remarks>
internal sealed class StreamedParents : IParentSource, IDisposable
{
    /// <summary>Rows per block: a checkpoint (8 bytes) per block, the block (two longs a row) per reading thread; the
    /// chunk of <see cref="ParallelRows"/>, so that each block is filled by the one thread that generates its rows.</summary>
    public const int BlockRows = 1024;

    private readonly long _rows;
    private readonly long _nulls;
    private readonly ulong _seed;
    private readonly long[]? _nullsBefore;
    private readonly FanOutIndex _index;
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ThreadLocal<Block> _blocks;

    /// <param name="rows">The child table's rows.</param>
    /// <param name="nulls">How many of them hold NULL.</param>
    /// <param name="seed">The FK's stream (the same as the in-memory assignment's).</param>
    /// <param name="index">The parents' runs.</param>
    /// <param name="multiplier">The map's a (1 with offset 0: the identity); coprime with the non-NULL row count.</param>
    /// <param name="offset">The map's b.</param>
    public StreamedParents(long rows, long nulls, ulong seed, FanOutIndex index, ulong multiplier, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(index);
        _rows = rows;
        _nulls = nulls;
        _seed = seed;
        _index = index;
        _a = multiplier;
        _b = offset;
        _nullsBefore = nulls == 0 ? null : Checkpoints();
        _blocks = new ThreadLocal<Block>(() => new Block());
    }

    /// <summary>The parents' runs.</summary>
    public FanOutIndex Index => _index;

    /// <summary>The NULL rows.</summary>
    public long Nulls => _nulls;

    /// <summary>Row <paramref name="row"/>'s parent index, or -1 for NULL.</summary>
    public long Parent(long row)
    {
        var block = Read(row);
        return block.Parents[row - block.First];
    }

    /// <summary>Row <paramref name="row"/>'s rank among the rows of its parent (its position in the parent's run), or
    /// among the NULL rows: the in-memory <see cref="GroupRanks"/> of the primary FK, whose map is the identity.</summary>
    public long Rank(long row)
    {
        var block = Read(row);
        return block.Ranks[row - block.First];
    }

    /// <summary>The longest span of rows, first to last, of one parent's children (with the NULL rows between them).</summary>
    public long MaxGroupSpan()
    {
        var block = new Block();
        long span = 0, groupFirst = 0, group = -1;
        for (long first = 0; first < _rows; first += BlockRows)
        {
            Fill(block, first);
            for (var i = 0; i < block.Count; i++)
            {
                var p = block.Parents[i];
                if (p < 0)
                    continue;
                if (p != group)
                    (group, groupFirst) = (p, first + i);
                span = Math.Max(span, first + i - groupFirst + 1);
            }
        }

        return span;
    }

    public void Dispose() => _blocks.Dispose();

    private Block Read(long row)
    {
        var block = _blocks.Value!;
        if (row < block.First || row >= block.First + block.Count)
            Fill(block, row - (row % BlockRows));
        return block;
    }

    private void Fill(Block block, long first)
    {
        var count = (int)Math.Min(BlockRows, _rows - first);
        var nullsBefore = _nullsBefore is null ? 0 : _nullsBefore[first / BlockRows];
        var nullsLeft = _nulls - nullsBefore;
        var n = (ulong)_index.Children;
        for (var i = 0; i < count; i++)
        {
            var row = first + i;
            if (NullParents.IsNull(_seed, row, _rows - row, nullsLeft))
            {
                block.Parents[i] = -1;
                block.Ranks[i] = _nulls - nullsLeft;
                nullsLeft--;
                continue;
            }

            var ordinal = (ulong)(row - (_nulls - nullsLeft));
            var position = (long)(_a == 1 && _b == 0 ? ordinal : (ulong)(((UInt128)_a * ordinal + _b) % n));
            var parent = _index.Parent(position);
            block.Parents[i] = parent;
            block.Ranks[i] = position - _index.Start(parent);
        }

        block.First = first;
        block.Count = count;
    }

    // the NULL rows before each block, from one pass of the selection sampling
    private long[] Checkpoints()
    {
        var checkpoints = new long[(_rows + BlockRows - 1) / BlockRows];
        long nulls = 0;
        for (long row = 0; row < _rows; row++)
        {
            if (row % BlockRows == 0)
                checkpoints[row / BlockRows] = nulls;
            if (NullParents.IsNull(_seed, row, _rows - row, _nulls - nulls) && ++nulls == _nulls)
            {
                // every NULL placed: the later blocks all start after them
                Array.Fill(checkpoints, _nulls, (int)(row / BlockRows) + 1, checkpoints.Length - (int)(row / BlockRows) - 1);
                break;
            }
        }

        return checkpoints;
    }

    private sealed class Block
    {
        public long First { get; set; } = -1;

        public int Count { get; set; }

        public long[] Parents { get; } = new long[BlockRows];

        public long[] Ranks { get; } = new long[BlockRows];
    }
}
