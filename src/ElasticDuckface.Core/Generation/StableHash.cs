using System.Text;

namespace ElasticDuckface.Generation;

/// <summary>
/// Stable 64-bit hashing and seed derivation. Never <see cref="string.GetHashCode()"/> (randomized per process) or
/// <see cref="Random.Shared"/>: every generated value depends on (seed, table, column, row) only.
/// </summary>
public static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>FNV-1a over the UTF-8 bytes of a string, continuing from <paramref name="hash"/>.</summary>
    public static ulong Fnv1a(string text, ulong hash = FnvOffset)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        // a separator, so ("ab","c") and ("a","bc") differ
        hash ^= 0xFF;
        hash *= FnvPrime;
        return hash;
    }

    /// <summary>Derives a seed from a root seed and a path of names, e.g. (seed, table, column).</summary>
    public static ulong Derive(long rootSeed, params ReadOnlySpan<string> names)
    {
        var h = Mix((ulong)rootSeed ^ FnvOffset);
        foreach (var n in names)
            h = Fnv1a(n, h);
        return Mix(h);
    }

    /// <summary>The SplitMix64 finalizer: a bijection of 64-bit integers with good avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A well-mixed 64-bit value for (stream seed, row, draw).</summary>
    public static ulong At(ulong streamSeed, long row, int draw = 0) =>
        Mix(streamSeed ^ Mix((ulong)row * 0x9E3779B97F4A7C15UL + (ulong)draw));

    /// <summary>A uniform double in [0, 1) for (stream seed, row, draw).</summary>
    public static double Uniform(ulong streamSeed, long row, int draw = 0) =>
        (At(streamSeed, row, draw) >> 11) * (1.0 / (1UL << 53));
}
