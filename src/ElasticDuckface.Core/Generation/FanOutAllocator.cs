using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// Decides how many children each parent gets so that the parents' fan-outs follow the profiled histogram and the
/// children sum exactly to the target.
/// </summary>
/// <remarks>
/// <para>Same ratio (children per parent unchanged up to rounding): the histogram is scaled to the new parent count,
/// each bin getting the floor or ceiling of its share. The shares are rounded cumulatively (bin counts are differences of
/// rounded cumulative counts), a largest-remainder apportionment that also keeps every point of the CDF within half a
/// parent of the exact one, which is what the KS distance measures.</para>
/// <para>Different ratio: every fan-out is stretched by the ratio of the means with randomized rounding, keeping the
/// shape; on scale-up the tail grows past the observed maximum.</para>
/// <para>Both then repair the sum with ±1 moves spread round-robin across fan-out values (so no single CDF point moves by
/// more than its share), and shuffle which parent gets which fan-out.</para>
/// </remarks>
internal static class FanOutAllocator
{
    /// <summary>Allocates fan-outs for <paramref name="targetParents"/> parents summing to <paramref name="targetChildren"/>.</summary>
    /// <param name="histogram">Profiled fan-out histogram (k → parents), or null/empty when unknown (children are then spread evenly).</param>
    /// <param name="targetParents">P′, the number of parents to generate.</param>
    /// <param name="targetChildren">C′, the number of non-null child rows to distribute.</param>
    /// <param name="seed">Stream seed; the same inputs and seed give the same allocation.</param>
    /// <param name="maxPerParent">A cap on any fan-out (1 for a one-to-one FK), or null.</param>
    /// <exception cref="PlanValidationException">The children cannot be placed: no parents, or more than parents × cap.</exception>
    public static int[] Allocate(IReadOnlyList<FanOutBin>? histogram, long targetParents, long targetChildren, ulong seed, long? maxPerParent = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetParents);
        ArgumentOutOfRangeException.ThrowIfNegative(targetChildren);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetParents, Array.MaxLength);
        var cap = (int)Math.Min(maxPerParent ?? int.MaxValue, int.MaxValue);
        ArgumentOutOfRangeException.ThrowIfNegative(cap);
        if (targetParents == 0)
        {
            return targetChildren == 0
                ? []
                : throw new PlanValidationException($"{targetChildren} child rows need a parent but the parent table gets 0 rows; make the references NULL or raise the parent's factor.");
        }

        if (targetChildren > targetParents * cap)
            throw new PlanValidationException($"{targetChildren} child rows cannot be spread over {targetParents} parents with at most {cap} each; raise the parent's factor or lower the child's.");

        var pCount = (int)targetParents;
        var result = new int[pCount];
        var rng = new SeededRandom(seed);
        var bins = histogram?.Where(b => b.Parents > 0 && b.Children >= 0).OrderBy(b => b.Children).ToArray() ?? [];
        long sourceParents = 0;
        long sourceChildren = 0;
        foreach (var b in bins)
        {
            sourceParents += b.Parents;
            sourceChildren += b.Children * b.Parents;
        }

        if (targetChildren == 0)
            return result;
        if (sourceParents == 0 || sourceChildren == 0)
        {
            SpreadEvenly(result, targetChildren);
            rng.Shuffle(result);
            return result;
        }

        // apportion the parents over the bins by rounding the cumulative counts
        long cumulative = 0;
        long filled = 0;
        foreach (var b in bins)
        {
            cumulative += b.Parents;
            var upTo = (long)((2 * (Int128)cumulative * targetParents + sourceParents) / (2 * (Int128)sourceParents));
            var k = (int)Math.Min(b.Children, cap);
            for (var i = filled; i < upTo; i++)
                result[i] = k;
            filled = upTo;
        }

        var kMax = (int)Math.Min(bins[^1].Children, cap);
        var exact = (double)sourceChildren * targetParents / sourceParents;
        if (Math.Abs(targetChildren - exact) > 0.5 * kMax + 1)
        {
            // different ratio: stretch every fan-out by the ratio of the means, with randomized rounding
            var stretch = (double)targetChildren / exact;
            for (var i = 0; i < result.Length; i++)
            {
                var x = result[i] * stretch;
                var floor = Math.Floor(x);
                var v = floor + (StableHash.Uniform(seed, i, 1) < x - floor ? 1 : 0);
                result[i] = (int)Math.Min(v, cap);
            }

            Array.Sort(result);
        }

        Repair(result, targetChildren, cap);
        rng.Shuffle(result);
        return result;
    }

    /// <summary>The Kolmogorov–Smirnov distance between a profiled histogram and allocated fan-outs.</summary>
    public static double KsDistance(IReadOnlyList<FanOutBin> histogram, IReadOnlyList<int> fanOuts)
    {
        var observed = new SortedDictionary<long, long>();
        long p = 0;
        foreach (var b in histogram)
        {
            observed[b.Children] = observed.GetValueOrDefault(b.Children) + b.Parents;
            p += b.Parents;
        }

        var generated = new SortedDictionary<long, long>();
        foreach (var f in fanOuts)
            generated[f] = generated.GetValueOrDefault(f) + 1;
        var points = new SortedSet<long>(observed.Keys);
        points.UnionWith(generated.Keys);
        double a = 0, b2 = 0, worst = 0;
        foreach (var k in points)
        {
            a += p == 0 ? 0 : (double)observed.GetValueOrDefault(k) / p;
            b2 += fanOuts.Count == 0 ? 0 : (double)generated.GetValueOrDefault(k) / fanOuts.Count;
            worst = Math.Max(worst, Math.Abs(a - b2));
        }

        return worst;
    }

    private static void SpreadEvenly(int[] result, long children)
    {
        var each = (int)(children / result.Length);
        var extra = children % result.Length;
        for (var i = 0; i < result.Length; i++)
            result[i] = each + (i < extra ? 1 : 0);
    }

    // result is sorted ascending; moves go round-robin over the runs of equal fan-out, largest first
    private static void Repair(int[] result, long target, int cap)
    {
        long sum = 0;
        foreach (var v in result)
            sum += v;
        var diff = target - sum;
        if (diff == 0)
            return;

        var order = Interleave(result);
        if (diff < 0)
        {
            diff = RunPhase(result, order, diff, v => v > 1, -1);
            diff = RunPhase(result, order, diff, v => v > 0, -1);
        }
        else
        {
            diff = RunPhase(result, order, diff, v => v > 0 && v < cap, +1);
            diff = RunPhase(result, order, diff, v => v < cap, +1);
        }

        if (diff != 0)
            throw new InvalidOperationException("Fan-out repair could not reach the target; the feasibility check should have caught this.");
    }

    private static long RunPhase(int[] result, int[] order, long diff, Func<int, bool> eligible, int step)
    {
        if (diff == 0)
            return 0;
        var list = new List<int>(order.Length);
        foreach (var i in order)
        {
            if (eligible(result[i]))
                list.Add(i);
        }

        while (diff != 0 && list.Count > 0)
        {
            var kept = 0;
            for (var n = 0; n < list.Count; n++)
            {
                var i = list[n];
                if (diff != 0 && eligible(result[i]))
                {
                    result[i] += step;
                    diff -= step;
                }

                if (eligible(result[i]))
                    list[kept++] = i;
            }

            list.RemoveRange(kept, list.Count - kept);
        }

        return diff;
    }

    private static int[] Interleave(int[] sorted)
    {
        var runs = new List<(int Start, int Length)>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j] == sorted[i])
                j++;
            runs.Add((i, j - i));
            i = j;
        }

        runs.Reverse();
        var order = new int[sorted.Length];
        var n = 0;
        var active = runs;
        for (var r = 0; active.Count > 0; r++)
        {
            var next = new List<(int Start, int Length)>(active.Count);
            foreach (var run in active)
            {
                order[n++] = run.Start + r;
                if (r + 1 < run.Length)
                    next.Add(run);
            }

            active = next;
        }

        return order;
    }
}
