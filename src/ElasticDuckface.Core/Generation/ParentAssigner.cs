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

    /// <param name="table">The child table.</param>
    /// <param name="layout">Its key layout.</param>
    /// <param name="rows">Its planned row count.</param>
    /// <param name="seed">The plan's seed.</param>
    /// <param name="parentRows">Per FK of <paramref name="layout"/>, the parent's planned row count.</param>
    /// <param name="growth">The plan's fan-out growth model.</param>
    /// <param name="parentStates">Per FK of <paramref name="layout"/>, the parent's row state when the fan-out follows it
    /// (<see cref="FanOutStatistics.ByParentState"/>), else null.</param>
    public ParentAssigner(TableProfile table, KeyLayout layout, long rows, long seed, long[] parentRows, FanOutGrowth growth,
        Func<long, bool>?[] parentStates)
    {
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
    }

    /// <summary>For each row, the parent row index of FK <paramref name="fk"/>, or -1 for NULL.</summary>
    public int[] ParentIndex(int fk) => _parentIndex[fk].Value;

    /// <summary>Drops every computed assignment (recomputed, identically, when read again).</summary>
    public void Release()
    {
        foreach (var cache in _parentIndex)
            cache.Reset();
    }

    private int[] Compute(int f)
    {
        var fk = _layout.ForeignKeys[f];
        var rows = (int)_rows;
        var self = SchemaFacts.IsSelf(_table, fk);
        var parentRows = _parentRows[f];
        var nullable = SchemaFacts.IsNullable(_table, fk);
        var nonNull = (int)SchemaFacts.NonNullChildren(_table, fk, _rows);
        if (parentRows == 0 && nullable)
            nonNull = 0;
        var seed = StableHash.Derive(_seed, _table.Name, "fk:" + fk.Name);
        var result = new int[rows];
        if (rows == 0)
            return result;
        var histogram = fk.Stats?.Histogram;

        if (self)
            return SelfReferenceTree.Build(result, nonNull, histogram, seed);

        long? cap = _layout.OneToOne[f] ? 1 : null;
        foreach (var (first, second) in _layout.Pairs)
        {
            if (first == f)
                cap = Math.Min(cap ?? long.MaxValue, _parentRows[second]);
            else if (second == f)
                cap = Math.Min(cap ?? long.MaxValue, _parentRows[first]);
        }

        var fanOut = fk.Stats?.ByParentState is { } states && _parentStates[f] is { } parentState
            ? StateFanOutAllocator.Allocate(states, histogram!, States(parentState, parentRows), nonNull, seed, cap, _growth)
            : FanOutAllocator.Allocate(histogram, parentRows, nonNull, seed, cap, _growth);
        var sequence = new int[nonNull];
        var n = 0;
        for (var p = 0; p < fanOut.Length; p++)
        {
            for (var k = 0; k < fanOut[p]; k++)
                sequence[n++] = p;
        }

        if (f != _layout.PrimaryFk)
            new SeededRandom(StableHash.Mix(seed ^ 0x5348554646UL)).Shuffle(sequence);

        NullParents.Mark(result, rows - nonNull, seed, 0);
        n = 0;
        for (var r = 0; r < rows; r++)
        {
            if (result[r] == 0)
                result[r] = sequence[n++];
        }

        // re-pair before the duplicate repair, which then only moves the rows that collide; the calibration measures r
        // after that repair (on copies), so the repaired result is the calibrated one
        if (_correlated is { } corr && corr.Permuted == f)
        {
            FanOutCorrelator.Correlate(ParentIndex(corr.Fixed), result, (int)_parentRows[corr.Fixed], (int)parentRows, corr.Target,
                StableHash.Derive(_seed, _table.Name, "fk-correlation:" + fk.Name), candidate => RepairAllPairs(f, candidate, seed));
        }

        RepairAllPairs(f, result, seed);
        return result;
    }

    private static bool[] States(Func<long, bool> parentState, long parentRows)
    {
        var states = new bool[parentRows];
        for (var p = 0; p < states.Length; p++)
            states[p] = parentState(p);
        return states;
    }

    private void RepairAllPairs(int f, int[] result, ulong seed)
    {
        foreach (var (first, second) in _layout.Pairs)
        {
            if (second == f)
                PairRepairer.Repair(ParentIndex(first), result, (int)_parentRows[f], seed);
        }
    }
}
