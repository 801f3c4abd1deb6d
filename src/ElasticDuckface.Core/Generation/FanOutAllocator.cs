using ElasticDuckface.Profiles;

namespace ElasticDuckface.Generation;

/// <summary>
/// Decides how many children each parent gets so that the parents' fan-outs follow the profiled histogram and the
/// children sum exactly to the target.
/// </summary>
/// <remarks>
/// <para>Same ratio (children per parent unchanged up to rounding): the histogram is scaled to the new parent count,
/// each bin getting the floor or ceiling of its share P′·n_k/P. The shares are first rounded cumulatively (bin counts are
/// differences of rounded cumulative counts), which keeps every point of the CDF within half a parent of the exact one,
/// what the KS distance measures. When that misses C′ by more than a few children (few parents, heavy tail), the
/// round-ups are moved between bins with a fractional share, one best swap at a time, so that the sum lands as close to
/// C′ as floors and ceilings allow.</para>
/// <para>Different ratio: every fan-out is stretched by the ratio of the means with randomized rounding, keeping the
/// shape; on scale-up the tail grows past the observed maximum.</para>
/// <para>Then the sum is repaired. A residual of at most one child per distinct fan-out value is spread as ±1 moves
/// round-robin across the values (so no single CDF point moves by more than one parent). A larger one, same ratio only,
/// goes to the fewest largest fan-outs that can take it with none changing by more than half, in proportion to their
/// values, so the small fan-outs keep their values. Last, which parent gets which fan-out is shuffled.</para>
/// </remarks>
internal static class FanOutAllocator
{
    // Cumulative rounding misses the exact share by at most k_max/2 (Σ of cumulative errors of at most ½ times the steps
    // between k), and one swap can move the sum by up to k_max − k_min, so a few swaps suffice; the cap bounds the work on
    // histograms with thousands of bins.
    private const int MaxSwaps = 64;

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

        var ks = new int[bins.Length];
        for (var b = 0; b < bins.Length; b++)
            ks[b] = (int)Math.Min(bins[b].Children, cap);
        var counts = ApportionCumulatively(bins, sourceParents, targetParents);

        var kMax = ks[^1];
        var exact = (double)sourceChildren * targetParents / sourceParents;
        var sameRatio = Math.Abs(targetChildren - exact) <= 0.5 * kMax + 1;
        if (sameRatio)
            ChooseRoundUps(bins, ks, counts, sourceParents, targetParents, targetChildren);

        var filled = 0;
        for (var b = 0; b < bins.Length; b++)
        {
            Array.Fill(result, ks[b], filled, (int)counts[b]);
            filled += (int)counts[b];
        }

        if (sameRatio)
        {
            AbsorbInTail(result, targetChildren, cap);
        }
        else
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
    public static double KsDistance(IReadOnlyList<FanOutBin> histogram, IReadOnlyList<int> fanOuts) =>
        Statistics.FanOutDistance.KolmogorovSmirnov(histogram, fanOuts.GroupBy(f => (long)f).Select(g => new FanOutBin(g.Key, g.LongCount())).ToList());

    // Bin counts as differences of rounded cumulative counts: each bin gets the floor or ceiling of its share P′·n/P and
    // every CDF point stays within half a parent of the exact one.
    private static long[] ApportionCumulatively(FanOutBin[] bins, long sourceParents, long targetParents)
    {
        var counts = new long[bins.Length];
        long cumulative = 0;
        long filled = 0;
        for (var b = 0; b < bins.Length; b++)
        {
            cumulative += bins[b].Parents;
            var upTo = (long)((2 * (Int128)cumulative * targetParents + sourceParents) / (2 * (Int128)sourceParents));
            counts[b] = upTo - filled;
            filled = upTo;
        }

        return counts;
    }

    // Same ratio only. Which bins with a fractional share round up is free (as long as R = P′ − Σ floors of them do);
    // cumulative rounding picks them for the CDF alone, which with few parents and a heavy tail can miss C′ by more than
    // the small fan-outs hold (Chinook MediaType ×2.5: 3,2,3,2,3 parents for 7,11,214,237,3034 children, 1,503 over).
    // When its residual is not small, move round-ups between fractional bins, each time the one swap that brings the sum
    // closest to C′, until no swap helps. Every bin keeps the floor or ceiling of its share.
    private static void ChooseRoundUps(FanOutBin[] bins, int[] ks, long[] counts, long sourceParents, long targetParents, long targetChildren)
    {
        var fractional = new List<int>(bins.Length);
        var up = new bool[bins.Length];
        long sum = 0;
        for (var b = 0; b < bins.Length; b++)
        {
            sum += counts[b] * ks[b];
            var share = (Int128)bins[b].Parents * targetParents;
            if (share % sourceParents == 0)
                continue;
            fractional.Add(b);
            up[b] = counts[b] > (long)(share / sourceParents);
        }

        var gap = targetChildren - sum;
        if (IsSmallResidual(gap, ks, counts))
            return;

        // the sorted k of the bins that round down, searched for k_up + gap; bins are sorted by k, so is this list
        var down = new List<int>(fractional.Count);
        var downKs = new List<int>(fractional.Count);
        for (var iteration = 0; iteration < MaxSwaps && gap != 0; iteration++)
        {
            down.Clear();
            downKs.Clear();
            foreach (var b in fractional)
            {
                if (!up[b])
                {
                    down.Add(b);
                    downKs.Add(ks[b]);
                }
            }

            var bestUp = -1;
            var bestDown = -1;
            var bestGap = Math.Abs(gap);
            var bestSpan = int.MaxValue;
            foreach (var a in fractional)
            {
                if (!up[a])
                    continue;
                var wanted = ks[a] + gap;
                var at = downKs.BinarySearch((int)Math.Clamp(wanted, int.MinValue, int.MaxValue));
                if (at < 0)
                    at = ~at;
                for (var j = Math.Max(0, at - 1); j <= Math.Min(down.Count - 1, at); j++)
                {
                    var b = down[j];
                    var newGap = Math.Abs(gap - (ks[b] - ks[a]));
                    var span = Math.Abs(b - a);
                    if (newGap < bestGap || (newGap == bestGap && bestUp >= 0 && span < bestSpan))
                    {
                        (bestUp, bestDown, bestGap, bestSpan) = (a, b, newGap, span);
                    }
                }
            }

            if (bestUp < 0)
                break;
            up[bestUp] = false;
            counts[bestUp]--;
            up[bestDown] = true;
            counts[bestDown]++;
            gap -= ks[bestDown] - ks[bestUp];
        }
    }

    // Small: round-robin ±1 moves at most one parent of each positive fan-out value, by one. Bins are sorted by k.
    private static bool IsSmallResidual(long residual, int[] ks, long[] counts)
    {
        long values = 0;
        var last = 0;
        for (var b = 0; b < ks.Length; b++)
        {
            if (counts[b] > 0 && ks[b] > last)
            {
                values++;
                last = ks[b];
            }
        }

        return Math.Abs(residual) <= values;
    }

    // Same ratio, result sorted ascending. A residual that is not small goes to the largest fan-outs: the fewest
    // largest parents that can take it with none changing by more than half its value, in proportion to their values.
    // The heavy tail absorbs it and the small fan-outs keep their values (moving one parent far changes the KS distance
    // by 1/P′, moving every parent a little by up to all of it). What is left, if anything, is for Repair.
    private static void AbsorbInTail(int[] result, long target, int cap)
    {
        long sum = 0;
        long values = 0;
        var last = 0;
        foreach (var v in result)
        {
            sum += v;
            if (v > last)
            {
                values++;
                last = v;
            }
        }

        var diff = target - sum;
        if (Math.Abs(diff) <= values)
            return;

        var need = Math.Abs(diff);
        long room = 0;
        Int128 weight = 0;
        var first = result.Length;
        while (first > 0 && room < need)
        {
            first--;
            room += Room(result[first], diff, cap);
            weight += result[first];
        }

        if (weight == 0)
            return;
        var moved = new long[result.Length - first];
        long left = need;
        for (var i = first; i < result.Length; i++)
        {
            var share = (long)(need * (Int128)result[i] / weight);
            moved[i - first] = Math.Min(share, Room(result[i], diff, cap));
            left -= moved[i - first];
        }

        for (var i = result.Length - 1; i >= first && left > 0; i--)
        {
            var extra = Math.Min(left, Room(result[i], diff, cap) - moved[i - first]);
            moved[i - first] += extra;
            left -= extra;
        }

        for (var i = first; i < result.Length; i++)
            result[i] += (int)(Math.Sign(diff) * moved[i - first]);
        Array.Sort(result);
    }

    private static long Room(int value, long diff, int cap) => diff < 0 ? value / 2 : Math.Min(value / 2, (long)cap - value);

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
