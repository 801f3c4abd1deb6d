namespace ElasticDuckface.Generation;

/// <summary>
/// Counts per non-negative 64-bit key in one open-addressing table (linear probing): what <see cref="PairRepairer"/>
/// needs of a <c>Dictionary&lt;long, int&gt;</c> (read, increment, set) at a fraction of its time, as the fan-out
/// correlator repairs every candidate pairing of a table's rows.
/// </summary>
internal sealed class PairCounts : IPairCounts
{
    private long[] _keys; // key + 1; 0 marks a free slot
    private int[] _counts;
    private int _used;

    /// <param name="capacity">The expected number of distinct keys.</param>
    public PairCounts(int capacity)
    {
        // at most half full, so a probe ends soon
        var size = (int)Math.Min(1L << 30, Math.Max(16, 2L * System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, capacity))));
        _keys = new long[size];
        _counts = new int[size];
    }

    /// <summary>The count of <paramref name="key"/> (0 when it was never set).</summary>
    public int Get(long key)
    {
        var slot = Find(_keys, key);
        return _keys[slot] == 0 ? 0 : _counts[slot];
    }

    /// <summary>Adds <paramref name="delta"/> to the count of <paramref name="key"/>.</summary>
    public void Add(long key, int delta)
    {
        // the slot first: finding it may grow the table (and replace the array)
        var slot = Slot(key);
        _counts[slot] += delta;
    }

    /// <summary>Sets the count of <paramref name="key"/>.</summary>
    public void Set(long key, int count)
    {
        var slot = Slot(key);
        _counts[slot] = count;
    }

    /// <summary>Forgets every count, keeping the table's size.</summary>
    public void Clear()
    {
        Array.Clear(_keys);
        Array.Clear(_counts);
        _used = 0;
    }

    private int Slot(long key)
    {
        var slot = Find(_keys, key);
        if (_keys[slot] != 0)
            return slot;
        if ((_used + 1) * 2 > _keys.Length)
        {
            Grow();
            slot = Find(_keys, key);
        }

        _keys[slot] = key + 1;
        _used++;
        return slot;
    }

    private static int Find(long[] keys, long key)
    {
        var mask = keys.Length - 1;
        var slot = (int)(StableHash.Mix((ulong)key) & (ulong)mask);
        while (keys[slot] != 0 && keys[slot] != key + 1)
            slot = (slot + 1) & mask;
        return slot;
    }

    private void Grow()
    {
        var (keys, counts) = (_keys, _counts);
        _keys = new long[keys.Length * 2];
        _counts = new int[keys.Length * 2];
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] == 0)
                continue;
            var slot = Find(_keys, keys[i] - 1);
            _keys[slot] = keys[i];
            _counts[slot] = counts[i];
        }
    }
}
