namespace ElasticDuckface.Generation;

/// <summary>
/// Each child row's rank among the rows with the same parents (0, 1, 2, ... in row order), for a key column that is
/// unique only within its parents' group (e.g. a line number within an order).
/// </summary>
internal static class GroupRanks
{
    /// <summary>The rank of each row within the group of its parent indices under the given FKs.</summary>
    /// <param name="parentIndex">Per FK of the group, its parent index per row (-1 for NULL: the NULL rows rank as one group).</param>
    /// <param name="rows">The table's row count.</param>
    public static int[] Compute(IReadOnlyList<int[]> parentIndex, int rows)
    {
        var rank = new int[rows];
        if (parentIndex.Count == 1)
        {
            var parents = parentIndex[0];
            var counters = new Dictionary<int, int>();
            for (var r = 0; r < rows; r++)
            {
                var g = parents[r];
                var k = counters.GetValueOrDefault(g);
                rank[r] = k;
                counters[g] = k + 1;
            }

            return rank;
        }

        var ids = GroupIds(parentIndex, rows);
        var count = new Dictionary<long, int>();
        for (var r = 0; r < rows; r++)
        {
            var k = count.GetValueOrDefault(ids[r]);
            rank[r] = k;
            count[ids[r]] = k + 1;
        }

        return rank;
    }

    // Dense ids of the tuple of parent indices of several FKs, built pairwise.
    private static long[] GroupIds(IReadOnlyList<int[]> parentIndex, int rows)
    {
        var ids = new long[rows];
        var first = parentIndex[0];
        for (var r = 0; r < rows; r++)
            ids[r] = first[r];
        for (var g = 1; g < parentIndex.Count; g++)
        {
            var next = parentIndex[g];
            var map = new Dictionary<(long, int), long>();
            for (var r = 0; r < rows; r++)
            {
                var key = (ids[r], next[r]);
                if (!map.TryGetValue(key, out var id))
                    map[key] = id = map.Count;
                ids[r] = id;
            }
        }

        return ids;
    }
}
