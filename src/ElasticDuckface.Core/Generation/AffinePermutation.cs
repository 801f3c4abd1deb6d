namespace ElasticDuckface.Generation;

/// <summary>The affine permutation i ↦ (a·i + b) mod size with gcd(a, size) = 1.</summary>
internal readonly struct AffinePermutation
{
    private readonly ulong _size;
    private readonly ulong _a;
    private readonly ulong _b;

    public AffinePermutation(ulong size, ulong seed)
    {
        _size = Math.Max(size, 1);
        _b = StableHash.Mix(seed) % _size;
        var a = (StableHash.Mix(seed ^ 0xA5A5A5A5UL) % _size) | 1;
        while (Gcd(a, _size) != 1)
            a = (a + 2) % _size;
        _a = _size == 1 ? 0 : a;
    }

    /// <summary>The multiplier a.</summary>
    public ulong Multiplier => _a;

    /// <summary>The offset b.</summary>
    public ulong Offset => _b;

    public ulong Map(ulong i) => _size <= 1 ? 0 : (ulong)(((UInt128)_a * i + _b) % _size);

    public static ulong Gcd(ulong x, ulong y)
    {
        while (y != 0)
            (x, y) = (y, x % y);
        return x;
    }
}
