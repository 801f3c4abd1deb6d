using ElasticDuckface.Generation;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// One foreign key's children count per parent key, for the busy-parent correlations (<see cref="BusyParents"/>), in
/// bounded memory: once it holds more than <see cref="Limit"/> keys it keeps only the keys whose hash falls in the
/// lower half of the hash space, then the lower quarter, and so on. The hash is of the key alone, so every foreign key of
/// one parent keeps the same parents at the same level, and two keys at different levels compare at the higher one.
/// </summary>
internal sealed class ParentKeyCounts
{
    /// <summary>Half a million parents: ρ's standard error there is about 0.0014, and the map stays near 50 MB.</summary>
    public const int Limit = 1 << 19;

    private readonly int _limit;

    public ParentKeyCounts(int limit = Limit)
    {
        _limit = limit;
    }

    /// <summary>The parent keys kept and their (non-zero) children counts.</summary>
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>The keys kept are those whose hash has this many leading zero bits: a 2^−level sample of the parents.</summary>
    public int Level { get; private set; }

    /// <summary>Records a parent key's children count.</summary>
    public void Add(string key, long count)
    {
        if (!Keeps(key, Level))
            return;
        Counts[key] = count;
        while (Counts.Count > _limit && Level < 62)
        {
            Level++;
            foreach (var k in Counts.Keys.Where(k => !Keeps(k, Level)).ToList())
                Counts.Remove(k);
        }
    }

    /// <summary>The counts of the keys a 2^−<paramref name="level"/> sample keeps (this map's own, or fewer).</summary>
    public IReadOnlyDictionary<string, long> At(int level) =>
        level <= Level ? Counts : Counts.Where(e => Keeps(e.Key, level)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static bool Keeps(string key, int level) => level == 0 || StableHash.Fnv1a(key) >> (64 - level) == 0;
}
