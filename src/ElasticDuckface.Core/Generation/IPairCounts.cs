namespace ElasticDuckface.Generation;

/// <summary>
/// A count per non-negative 64-bit key, what <see cref="PairRepairer"/> needs of a <c>Dictionary&lt;long, int&gt;</c>: read,
/// add, set, and clear for the next repair. Every implementation gives the same counts, so the repair's result does not
/// depend on which one it uses.
/// </summary>
internal interface IPairCounts
{
    /// <summary>The count of <paramref name="key"/> (0 when it was never set).</summary>
    int Get(long key);

    /// <summary>Adds <paramref name="delta"/> to the count of <paramref name="key"/> (a count never goes below 0).</summary>
    void Add(long key, int delta);

    /// <summary>Sets the count of <paramref name="key"/> (at least 0).</summary>
    void Set(long key, int count);

    /// <summary>Forgets every count, keeping the memory for the next repair of the same size.</summary>
    void Clear();
}
