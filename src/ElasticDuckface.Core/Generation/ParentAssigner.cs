using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>
/// Assigns each child row of a table its parent row, per foreign key: fan-outs from <see cref="FanOutAllocator"/>,
/// exactly the planned NULLs, the profiled fan-out correlation of one pair of keys and distinct pairs where two keys form
/// a key. Each key's assignment is computed once, on first use, since the column sources and the row state read it.
/// </summary>
internal sealed class ParentAssigner
{
    private readonly TableProfile _table;
    private readonly KeyLayout _layout;
    private readonly long _rows;
    private readonly long _seed;
    private readonly long[] _parentRows;
    private readonly FanOutGrowth _growth;
    private readonly CorrelatedFkPair? _correlated;
    private readonly ResettableLazy<int[]>[] _parentIndex;
    private readonly Func<long, bool>?[] _parentStates;
    private readonly ResettableLazy<Streamed> _streamed;
    private readonly BusyParentOrder? _busy;

    /// <param name="table">The child table.</param>
    /// <param name="layout">Its key layout.</param>
    /// <param name="rows">Its planned row count.</param>
    /// <param name="seed">The plan's seed.</param>
    /// <param name="parentRows">Per FK of <paramref name="layout"/>, the parent's planned row count.</param>
    /// <param name="growth">The plan's fan-out growth model.</param>
    /// <param name="parentStates">Per FK of <paramref name="layout"/>, the parent's row state when the fan-out follows it
    /// (<see cref="FanOutStatistics.ByParentState"/>), else null.</param>
    /// <param name="streamingRows">Tables with more rows are assigned per block from per-parent state
    /// (<see cref="StreamedParents"/>) where their key layout allows it.</param>
    /// <param name="busy">The busy-parent order of the keys in a profiled correlation, or null to shuffle every key.</param>
    public ParentAssigner(TableProfile table, KeyLayout layout, long rows, long seed, long[] parentRows, FanOutGrowth growth,
        Func<long, bool>?[] parentStates, long streamingRows = DefaultStreamingRows, BusyParentOrder? busy = null)
    {
        _busy = busy;
        _parentStates = parentStates;
        _growth = growth;
        _table = table;
        _layout = layout;
        _rows = rows;
        _seed = seed;
        _parentRows = parentRows;
        _correlated = CorrelatedFkPair.Choose(table, layout);
        _parentIndex = new ResettableLazy<int[]>[layout.ForeignKeys.Count];
        for (var f = 0; f < _parentIndex.Length; f++)
        {
            var fk = f;
            _parentIndex[f] = new ResettableLazy<int[]>(() => Compute(fk));
        }

        _streamed = new ResettableLazy<Streamed>(() =>
            Correlate(new Streamed(rows > streamingRows && Streamable(table, layout) ? Stream() : null)));
    }

    /// <summary>
    /// Above this many rows a table's parents are streamed (<see cref="StreamedParents"/>): the in-memory assignment holds
    /// an <c>int</c> per row and FK, its shuffle, the correlator's sorts and the pair repair's dictionary (hundreds of
    /// bytes a row at the peak). Below it the output is the in-memory one, byte for byte.
    /// </summary>
    public const long DefaultStreamingRows = 1L << 20;

    /// <summary>A table's growth (target rows / profiled rows) by name, or null when unknown: decides which cluster path of
    /// a growing fan-out was thinned (<see cref="ClusterContext"/>); null for none.</summary>
    public Func<string, double?>? TableGrowth { get; init; }

    /// <summary>Stops the assignment between its steps (allocation, shuffle, correlation, repair); never changes a value.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Whether the parents are streamed (per block from per-parent state) rather than held per row.</summary>
    public bool IsStreamed => _streamed.Value.Parents is not null;

    /// <summary>Row <paramref name="row"/>'s parent row index under FK <paramref name="fk"/>, or -1 for NULL.</summary>
    public long Parent(int fk, long row) =>
        _streamed.Value.Sources is { } streamed ? streamed[fk].Parent(row) : _parentIndex[fk].Value[row];

    /// <summary>The streamed ranks of a rank group (<see cref="StreamedParents.Rank"/>), or null when the parents are held
    /// per row (then <see cref="GroupRanks"/> ranks <see cref="ParentIndex"/>).</summary>
    public StreamedParents? StreamedRanks(IReadOnlyList<int> group) =>
        _streamed.Value.Parents is { } streamed && group is [var only] && only == _layout.PrimaryFk ? streamed[only] : null;

    /// <summary>For each row, the parent row index of FK <paramref name="fk"/>, or -1 for NULL (in-memory assignment).</summary>
    public int[] ParentIndex(int fk) => _parentIndex[fk].Value;

    /// <summary>
    /// Computes every FK's assignment now, the in-memory ones in parallel (each is its own lazy value; the correlated FK
    /// waits for the one it is paired with). Nothing changes in the result: each value is the one a first read computes.
    /// </summary>
    public void Prepare()
    {
        if (_streamed.Value.Parents is not null)
            return;
        Cancellation.ThrowIfCancellationRequested();
        Parallel.For(0, _parentIndex.Length, new ParallelOptions { CancellationToken = Cancellation }, f => _ = _parentIndex[f].Value);
    }

    /// <summary>Drops every computed assignment (recomputed, identically, when read again).</summary>
    public void Release()
    {
        foreach (var cache in _parentIndex)
            cache.Reset();
        _streamed.Reset();
    }

    /// <summary>
    /// Whether the key layout can be streamed: no self-reference (its tree is built per row), every pair key's first FK
    /// is the primary one (its children are contiguous, so a stride keeps the second's parents distinct per group) and
    /// every rank group is the primary FK alone (the rank is the position in the parent's run).
    /// </summary>
    public static bool Streamable(TableProfile table, KeyLayout layout)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(layout);
        var primary = layout.PrimaryFk;
        return !layout.ForeignKeys.Any(fk => SchemaFacts.IsSelf(table, fk))
            && layout.Pairs.All(pair => pair.First == primary && pair.Second != primary)
            && layout.RankGroups.Values.All(group => group is [var only] && only == primary);
    }

    /// <summary>Every FK streamed, or null when a pair key's stride does not fit (then the table is held in memory).</summary>
    private StreamedParents[]? Stream()
    {
        var result = new StreamedParents[_layout.ForeignKeys.Count];
        for (var f = 0; f < result.Length; f++)
        {
            Cancellation.ThrowIfCancellationRequested();
            var (fanOut, nonNull, seed) = Allocate(f);
            var index = new FanOutIndex(fanOut);
            var nulls = _rows - nonNull;
            if (f == _layout.PrimaryFk || nonNull <= 1)
            {
                result[f] = new StreamedParents(_rows, nulls, seed, index, 1, 0);
                continue;
            }

            var map = new AffinePermutation((ulong)nonNull, StableHash.Mix(seed ^ 0x5348554646UL));
            var (a, b) = (map.Multiplier, map.Offset);
            if (_layout.Pairs.Any(pair => pair.Second == f))
            {
                // the primary FK is computed first (it comes first in a pair), so its groups' spans are known
                var stride = PairStride(result[_layout.PrimaryFk].MaxGroupSpan(), index.MaxFanOut, nonNull, seed);
                if (stride is null)
                    return null;
                a = stride.Value;
            }

            result[f] = new StreamedParents(_rows, nulls, seed, index, a, b);
        }

        return result;
    }

    /// <summary>
    /// The profiled fan-out correlation of the chosen FK pair, re-paired per window (<see cref="WindowedCorrelation"/>),
    /// unless the permuted FK is a pair key's second (its stride keeps the pairs distinct; a re-pairing would not).
    /// </summary>
    private Streamed Correlate(Streamed streamed)
    {
        if (streamed.Parents is not { } parents || _correlated is not { } corr || _layout.Pairs.Any(p => p.Second == corr.Permuted))
            return streamed;
        var sources = parents.ToArray<IParentSource>();
        sources[corr.Permuted] = new WindowedCorrelation(parents[corr.Fixed], parents[corr.Permuted], _rows, corr.Target,
            StableHash.Derive(_seed, _table.Name, "fk-correlation:" + _layout.ForeignKeys[corr.Permuted].Name));
        return streamed with { Sources = sources };
    }

    /// <summary>
    /// A multiplier a, coprime with the <paramref name="children"/> positions, such that the rows of one first parent
    /// (at most <paramref name="span"/> apart) land in distinct runs of the second FK's parents (at most
    /// <paramref name="maxFanOut"/> long): any two ordinals d ∈ [1, span) apart map d·a apart, which stays within
    /// [maxFanOut, children − maxFanOut] when maxFanOut ≤ a ≤ (children − maxFanOut) / (span − 1). Null when none fits.
    /// The largest half of the range is used, so a group's parents spread over the whole table.
    /// </summary>
    private static ulong? PairStride(long span, long maxFanOut, long children, ulong seed)
    {
        var lo = Math.Max(1, maxFanOut);
        var hi = span <= 1 ? children - 1 : (children - maxFanOut) / (span - 1);
        if (hi < lo)
            return null;
        var from = Math.Max(lo, hi / 2);
        var width = hi - from + 1;
        var start = from + (long)(StableHash.Mix(seed ^ 0x5354524944UL) % (ulong)width);
        for (long step = 0; step < hi - lo + 1; step++)
        {
            var a = lo + ((start - lo + step) % (hi - lo + 1));
            if (AffinePermutation.Gcd((ulong)a, (ulong)children) == 1)
                return (ulong)a;
        }

        return null;
    }

    /// <summary>FK <paramref name="f"/>'s non-NULL children: none when it may be NULL and has no parent row.</summary>
    private long NonNull(int f)
    {
        var fk = _layout.ForeignKeys[f];
        return _parentRows[f] == 0 && SchemaFacts.IsNullable(_table, fk) ? 0 : SchemaFacts.NonNullChildren(_table, fk, _rows);
    }

    private ulong Seed(int f) => StableHash.Derive(_seed, _table.Name, "fk:" + _layout.ForeignKeys[f].Name);

    /// <summary>FK <paramref name="f"/>'s fan-out per parent, its non-NULL children and its stream.</summary>
    private (int[] FanOut, long NonNull, ulong Seed) Allocate(int f)
    {
        var fk = _layout.ForeignKeys[f];
        var parentRows = _parentRows[f];
        var nonNull = NonNull(f);
        var seed = Seed(f);
        var histogram = fk.Stats?.Histogram;
        long? cap = _layout.OneToOne[f] ? 1 : null;
        foreach (var (first, second) in _layout.Pairs)
        {
            if (first == f)
                cap = Math.Min(cap ?? long.MaxValue, _parentRows[second]);
            else if (second == f)
                cap = Math.Min(cap ?? long.MaxValue, _parentRows[first]);
        }

        var scores = _busy?.Scores(_table.Name, fk, parentRows);
        // children thinned in clusters grow by the clusters over all parents: the clusters were not measured per side of the
        // parent's state (ADR 0006, "Clustered thinning"), so that FK's fan-out no longer follows the state
        var clusters = _growth == FanOutGrowth.Sample ? Clusters(fk, parentRows) : null;
        var clustered = clusters is not null && histogram is not null && clusters.Applies(histogram, parentRows, nonNull);
        var fanOut = !clustered && fk.Stats?.ByParentState is { } states && _parentStates[f] is { } parentState
            ? StateFanOutAllocator.Allocate(states, histogram!, States(parentState, parentRows), nonNull, seed, cap, _growth, scores,
                Pair(fk), fk.MinChildren)
            : FanOutAllocator.Allocate(histogram, parentRows, nonNull, seed, cap, _growth, Pair(fk), scores, clusters, fk.MinChildren);
        return (fanOut, nonNull, seed);
    }

    private ClusterContext? Clusters(ForeignKeyProfile fk, long parentRows) =>
        TableGrowth is { } growthOf && fk.Stats is { ParentRows: > 0 } stats
            ? ClusterContext.Of(stats, (double)parentRows / stats.ParentRows, growthOf)
            : null;

    /// <summary>The other side of the key of two foreign keys <paramref name="fk"/> belongs to, or null.</summary>
    private PairSide? Pair(ForeignKeyProfile fk)
    {
        var partner = SchemaFacts.PairPartner(_table, fk);
        var index = partner is null ? -1 : _layout.ForeignKeys.ToList().IndexOf(partner);
        return index >= 0 && partner!.Stats is { ParentRows: > 0 } stats
            ? new PairSide(stats.ParentRows, _parentRows[index], stats.Histogram, fk.Stats?.ParentRows ?? 0, fk.Stats?.Histogram)
            : null;
    }

    private int[] Compute(int f)
    {
        var fk = _layout.ForeignKeys[f];
        if (_rows > Array.MaxLength)
            throw new PlanValidationException($"Table '{_table.Name}' gets {_rows} rows, but its keys (a self-reference, or a "
                + $"composite or rank key that does not start with its main foreign key) are assigned in memory, at most "
                + $"{Array.MaxLength} rows; lower its factor.");
        var rows = (int)_rows;
        var parentRows = _parentRows[f];
        var result = new int[rows];
        if (rows == 0)
            return result;
        if (SchemaFacts.IsSelf(_table, fk))
        {
            return SelfReferenceTree.Build(result, (int)NonNull(f), fk.Stats?.Histogram, Seed(f));
        }

        Cancellation.ThrowIfCancellationRequested();
        var (fanOut, nonNullLong, seed) = Allocate(f);
        Cancellation.ThrowIfCancellationRequested();
        var nonNull = (int)nonNullLong;
        var sequence = new int[nonNull];
        var n = 0;
        for (var p = 0; p < fanOut.Length; p++)
        {
            for (var k = 0; k < fanOut[p]; k++)
                sequence[n++] = p;
        }

        if (f != _layout.PrimaryFk)
            new SeededRandom(StableHash.Mix(seed ^ 0x5348554646UL)).Shuffle(sequence);

        Cancellation.ThrowIfCancellationRequested();
        NullParents.Mark(result, rows - nonNull, seed, 0);
        n = 0;
        for (var r = 0; r < rows; r++)
        {
            if (result[r] == 0)
                result[r] = sequence[n++];
        }

        // re-pair before the duplicate repair, which then only moves the rows that collide; the calibration measures r
        // after that repair (on copies), so the repaired result is the calibrated one
        Cancellation.ThrowIfCancellationRequested();
        var repairer = new PairRepairer(); // its counts serve every candidate's repair and the last one
        if (_correlated is { } corr && corr.Permuted == f)
        {
            FanOutCorrelator.Correlate(ParentIndex(corr.Fixed), result, (int)_parentRows[corr.Fixed], (int)parentRows, corr.Target,
                StableHash.Derive(_seed, _table.Name, "fk-correlation:" + fk.Name),
                _layout.Pairs.Any(p => p.Second == f) ? candidate => RepairAllPairs(f, candidate, repairer, seed) : null);
        }

        Cancellation.ThrowIfCancellationRequested();
        RepairAllPairs(f, result, repairer, seed);
        return result;
    }

    /// <summary>The streamed parents per FK, or none (held per row); a class so that it is computed once.</summary>
    /// <param name="Parents">Per FK, its allocation streamed (the ranks read the primary FK's).</param>
    private sealed record Streamed(StreamedParents[]? Parents)
    {
        /// <summary>Per FK, the parents read: <see cref="Parents"/>, the correlated pair's permuted FK re-paired per window.</summary>
        public IParentSource[]? Sources { get; init; } = Parents;
    }

    private static bool[] States(Func<long, bool> parentState, long parentRows)
    {
        var states = new bool[parentRows];
        for (var p = 0; p < states.Length; p++)
            states[p] = parentState(p);
        return states;
    }

    private void RepairAllPairs(int f, int[] result, PairRepairer repairer, ulong seed)
    {
        foreach (var (first, second) in _layout.Pairs)
        {
            if (second == f)
                repairer.Run(ParentIndex(first), result, (int)_parentRows[f], seed);
        }
    }
}
