namespace ElasticDuckface.Generation;

/// <summary>Chooses which child rows of a foreign key hold NULL, exactly as many as planned.</summary>
internal static class NullParents
{
    /// <summary>Marks exactly <paramref name="nulls"/> rows (from <paramref name="from"/> on) with -1 by selection sampling;
    /// other rows keep 0.</summary>
    public static void Mark(int[] result, int nulls, ulong seed, int from)
    {
        var remaining = result.Length - from;
        for (var r = from; r < result.Length && nulls > 0; r++, remaining--)
        {
            if (IsNull(seed, r, remaining, nulls))
            {
                result[r] = -1;
                nulls--;
            }
        }
    }

    /// <summary>The selection-sampling step: whether row <paramref name="row"/> is NULL when <paramref name="nullsLeft"/> of
    /// the <paramref name="remaining"/> rows from it on still have to be. <see cref="StreamedParents"/> replays it per block.</summary>
    public static bool IsNull(ulong seed, long row, long remaining, long nullsLeft) =>
        nullsLeft > 0 && StableHash.Uniform(seed, row, 7) * remaining < nullsLeft;
}
