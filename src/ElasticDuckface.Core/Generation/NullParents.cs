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
            if (StableHash.Uniform(seed, r, 7) * remaining < nulls)
            {
                result[r] = -1;
                nulls--;
            }
        }
    }
}
