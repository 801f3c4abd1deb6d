namespace ElasticDuckface.Generation;

/// <summary>
/// Counts per key of a small key space [0, n): a bit per key says the count is at least 1, and the few keys that reach
/// 2 or more keep their count in a <see cref="PairCounts"/> beside it. For the pair repair's keys (first parent ×
/// second parents + second parent) one first parent's keys are neighbours, so a table whose rows come in runs of one
/// first parent (its primary FK) reads and writes a few kilobytes at a time instead of a random slot of a table sized
/// to the rows (Chinook ×64 PlaylistTrack: 32 MB of bits, one cache line per group instead of one miss per row).
/// </summary>
internal sealed class PairCountGrid : IPairCounts
{
    /// <summary>The largest key space held as bits: 128 MB.</summary>
    public const long MaxKeys = 1L << 30;

    /// <summary>The most bits per expected key (128 bytes a row, about what the in-memory assignment holds at its peak).</summary>
    public const long MaxKeysPerRow = 1024;

    private readonly ulong[] _bits;
    private readonly PairCounts _many = new(1024);
    // a bit per hash of the keys in _many (64 Kibit, in the first-level cache), so that most keys skip its look-up
    private readonly ulong[] _maybeMany = new ulong[1024];
    private bool _anyMany;

    /// <param name="keys">The key space: every key is below it.</param>
    public PairCountGrid(long keys)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keys);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keys, MaxKeys);
        Keys = keys;
        _bits = new ulong[(keys + 63) >> 6];
    }

    /// <summary>The key space.</summary>
    public long Keys { get; }

    /// <summary>Whether a key space of <paramref name="keys"/> for about <paramref name="rows"/> keys is held as bits.</summary>
    public static bool Fits(long keys, long rows) => keys > 0 && keys <= MaxKeys && keys <= MaxKeysPerRow * Math.Max(rows, 1 << 16);

    public int Get(long key)
    {
        if ((_bits[key >> 6] & (1UL << (int)(key & 63))) == 0)
            return 0;
        // a count of 1 is the bit alone; a key that once reached 2 keeps its count (maybe back to 1) in _many
        return _anyMany && MaybeMany(key) ? Math.Max(1, _many.Get(key)) : 1;
    }

    public void Add(long key, int delta) => Set(key, Get(key) + delta);

    public void Set(long key, int count)
    {
        ref var word = ref _bits[key >> 6];
        var bit = 1UL << (int)(key & 63);
        word = count > 0 ? word | bit : word & ~bit;
        if (count >= 2)
        {
            var h = Filter(key);
            _maybeMany[h >> 6] |= 1UL << (h & 63);
            _many.Set(key, count);
            _anyMany = true;
        }
        else if (_anyMany && MaybeMany(key) && _many.Get(key) != 0)
            _many.Set(key, count);
    }

    private bool MaybeMany(long key)
    {
        var h = Filter(key);
        return (_maybeMany[h >> 6] & (1UL << (h & 63))) != 0;
    }

    private static int Filter(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 48);

    public void Clear()
    {
        Array.Clear(_bits);
        if (_anyMany)
        {
            _many.Clear();
            Array.Clear(_maybeMany);
        }

        _anyMany = false;
    }
}
