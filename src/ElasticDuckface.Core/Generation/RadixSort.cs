namespace ElasticDuckface.Generation;

/// <summary>
/// A stable least-significant-digit radix sort of 64-bit keys with an item per key (six passes of 11 bits), with its
/// buffers kept for the next sort of the same size: the fan-out correlator sorts a table's rows by score once per
/// calibration step.
/// </summary>
internal sealed class RadixSort(int capacity)
{
    private const int Bits = 11;
    private const int Buckets = 1 << Bits;

    private readonly ulong[] _keys = new ulong[capacity];
    private readonly int[] _items = new int[capacity];
    private readonly int[] _counts = new int[Buckets];

    /// <summary>A key whose unsigned order is the order of <paramref name="value"/> (finite, or ±infinity).</summary>
    public static ulong Key(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>Sorts <paramref name="keys"/> ascending and moves <paramref name="items"/> with them; equal keys keep their
    /// order.</summary>
    public void Sort(ulong[] keys, int[] items)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(items);
        var n = keys.Length;
        if (n > _keys.Length || items.Length != n)
            throw new ArgumentException("The keys and items must have the same length, at most the sort's capacity.", nameof(items));
        var (src, dst, srcItems, dstItems) = (keys, _keys, items, _items);
        for (var shift = 0; shift < 64 && n > 1; shift += Bits)
        {
            Array.Clear(_counts);
            for (var i = 0; i < n; i++)
                _counts[(int)((src[i] >> shift) & (Buckets - 1))]++;
            if (_counts[(int)((src[0] >> shift) & (Buckets - 1))] == n)
                continue; // every key has this digit: the pass would not move anything
            var sum = 0;
            for (var b = 0; b < Buckets; b++)
                (_counts[b], sum) = (sum, sum + _counts[b]);
            for (var i = 0; i < n; i++)
            {
                var at = _counts[(int)((src[i] >> shift) & (Buckets - 1))]++;
                dst[at] = src[i];
                dstItems[at] = srcItems[i];
            }

            (src, dst, srcItems, dstItems) = (dst, src, dstItems, srcItems);
        }

        if (!ReferenceEquals(src, keys))
        {
            Array.Copy(src, keys, n);
            Array.Copy(srcItems, items, n);
        }
    }
}
