namespace ElasticDuckface.Generation;

/// <summary>
/// Keeps the (first, second) parent pairs of a composite key distinct: a duplicate swaps its second parent with a row of
/// another group, probing a bounded number of random rows, else takes any second parent not yet used in its group.
/// </summary>
internal static class PairRepairer
{
    /// <summary>Repairs <paramref name="second"/> in place so that no (first, second) pair of non-NULL parents repeats.</summary>
    /// <param name="first">Per row, the first key's parent index, or -1 for NULL; not changed.</param>
    /// <param name="second">Per row, the second key's parent index, or -1 for NULL.</param>
    /// <param name="secondParents">The second key's parent row count.</param>
    /// <param name="seed">The second key's stream, for the probes.</param>
    public static void Repair(int[] first, int[] second, int secondParents, ulong seed)
    {
        var rows = first.Length;
        var count = new PairCounts(rows);
        long Key(int g, int v) => (long)g * secondParents + v;
        for (var r = 0; r < rows; r++)
        {
            if (first[r] >= 0 && second[r] >= 0)
                count.Add(Key(first[r], second[r]), 1);
        }

        for (var r = 0; r < rows; r++)
        {
            var g = first[r];
            var v = second[r];
            if (g < 0 || v < 0 || count.Get(Key(g, v)) < 2)
                continue;
            var fixedIt = false;
            for (var attempt = 0; attempt < 32 && !fixedIt; attempt++)
            {
                var j = (int)(StableHash.At(seed, r, 100 + attempt) % (ulong)rows);
                var gj = first[j];
                var vj = second[j];
                if (gj < 0 || vj < 0 || gj == g || vj == v
                    || count.Get(Key(g, vj)) > 0 || count.Get(Key(gj, v)) > 0)
                    continue;
                count.Add(Key(g, v), -1);
                count.Add(Key(gj, vj), -1);
                count.Set(Key(g, vj), 1);
                count.Set(Key(gj, v), 1);
                (second[r], second[j]) = (vj, v);
                fixedIt = true;
            }

            if (fixedIt)
                continue;
            var start = (int)(StableHash.At(seed, r, 99) % (ulong)secondParents);
            for (var step = 0; step < secondParents; step++)
            {
                var candidate = (start + step) % secondParents;
                if (count.Get(Key(g, candidate)) == 0)
                {
                    count.Add(Key(g, v), -1);
                    count.Set(Key(g, candidate), 1);
                    second[r] = candidate;
                    break;
                }
            }
        }
    }
}
