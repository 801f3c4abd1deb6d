using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// The parents of a self-referencing foreign key. They form a forest: roots are NULL rows (row 0 is always one, or
/// references itself when the FK is NOT NULL); every other row's parent has a smaller index, so the rows can be inserted
/// in order. Parents with children come first, assigned breadth-first.
/// </summary>
internal static class SelfReferenceTree
{
    /// <summary>Fills <paramref name="result"/> (all 0 on entry) with each row's parent row index, or -1 for NULL.</summary>
    /// <param name="result">One entry per row of the table.</param>
    /// <param name="nonNull">How many rows hold a parent.</param>
    /// <param name="histogram">The profiled fan-out.</param>
    /// <param name="seed">The foreign key's stream.</param>
    public static int[] Build(int[] result, int nonNull, IReadOnlyList<FanOutBin>? histogram, ulong seed)
    {
        var rows = result.Length;
        var nulls = rows - nonNull;
        int children;
        if (nulls > 0)
        {
            result[0] = -1;
            NullParents.Mark(result, nulls - 1, seed, 1);
            children = nonNull;
        }
        else
        {
            children = rows - 1;
        }

        var fanOut = FanOutAllocator.Allocate(histogram, rows, children, seed);
        var ordered = new int[rows];
        var n = 0;
        foreach (var k in fanOut)
        {
            if (k > 0)
                ordered[n++] = k;
        }

        var parent = 0;
        var left = ordered[0];
        for (var r = 1; r < rows; r++)
        {
            if (result[r] == -1)
                continue;
            while (left == 0)
                left = ordered[++parent];
            result[r] = parent;
            left--;
        }

        result[0] = nulls > 0 ? -1 : 0;
        return result;
    }
}
