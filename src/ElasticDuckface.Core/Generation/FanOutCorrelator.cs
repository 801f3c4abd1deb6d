using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using MathNet.Numerics.Distributions;

namespace ElasticDuckface.Generation;

/// <summary>
/// Re-pairs one foreign key's parents among a table's child rows so that the fan-out of a row's first parent and that of
/// its second correlate as profiled (<see cref="Profiles.JointForeignKeyProfile.FanOutCorrelation"/>), without changing
/// any fan-out: the second key's parent indices are only permuted among the rows where both keys are not NULL.
/// </summary>
/// <remarks>
/// Iman–Conover style: row i gets the score a·zᵢ + √(1−a²)·εᵢ, where zᵢ is the normal score of the rank of the first
/// parent's fan-out (ties broken by a seeded hash) and εᵢ a seeded standard normal. Rows sorted by score take the second
/// key's parents sorted by fan-out. The strength a ∈ [−1, 1] is calibrated by regula falsi (Illinois) on the achieved Pearson r,
/// measured after the caller's repair (duplicate pairs), so the calibrated value is the final one.
/// </remarks>
internal static class FanOutCorrelator
{
    private const int MaxSteps = 10;

    /// <summary>Close enough: well inside verify's threshold (0.2) and the sampling noise of a profile.</summary>
    private const double GoodEnough = 0.005;

    /// <summary>How much a unit of fan-out KS damage weighs against a unit of correlation miss (fan-out fidelity first).</summary>
    private const double DamageWeight = 10;

    /// <summary>Permutes <paramref name="second"/> over the rows where both keys are set, towards Pearson
    /// r = <paramref name="target"/>.</summary>
    /// <param name="first">Per row, the first key's parent index, or -1 for NULL; not changed.</param>
    /// <param name="second">Per row, the second key's parent index, or -1 for NULL; permuted in place.</param>
    /// <param name="firstParents">The first key's parent row count.</param>
    /// <param name="secondParents">The second key's parent row count.</param>
    /// <param name="target">The profiled Pearson correlation.</param>
    /// <param name="seed">Stream seed for the tie-breaks and the noise.</param>
    /// <param name="repair">Applied to each candidate before measuring it, as the caller will apply it to the result (may be null).</param>
    /// <returns>The achieved r (after <paramref name="repair"/>), or null when nothing was done.</returns>
    public static double? Correlate(int[] first, int[] second, int firstParents, int secondParents, double target, ulong seed,
        Action<int[]>? repair = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (!double.IsFinite(target) || target == 0 || first.Length != second.Length)
            return null;
        target = Math.Clamp(target, -1, 1);

        var rows = new List<int>(first.Length);
        for (var r = 0; r < first.Length; r++)
        {
            if (first[r] >= 0 && second[r] >= 0)
                rows.Add(r);
        }

        var m = rows.Count;
        if (m < 3)
            return null;
        var deg1 = Degrees(first, firstParents);
        var deg2 = Degrees(second, secondParents);

        // z: normal score of the rank of the first parent's fan-out (rows ordered by degree, then a seeded hash, then row)
        var sorting = new RadixSort(m);
        var byFirst = RowsByDegree(first, rows, deg1, seed, sorting);
        if (deg1[first[rows[byFirst[0]]]] == deg1[first[rows[byFirst[^1]]]])
            return null;
        var z = new double[m];
        var noise = new double[m];
        Parallel.For(0, (m + NormalChunk - 1) / NormalChunk, chunk =>
        {
            // each value depends on its index alone, so the split does not change it
            for (var k = chunk * NormalChunk; k < Math.Min(m, (chunk + 1) * NormalChunk); k++)
            {
                z[byFirst[k]] = Normal.InvCDF(0, 1, (k + 0.5) / m);
                noise[k] = Normal.InvCDF(0, 1, ((StableHash.At(seed, rows[k], 2) >> 11) + 0.5) * (1.0 / (1UL << 53)));
            }
        });

        // the second key's parents, sorted by fan-out (ties by a seeded hash of the parent, so a parent's rows stay together)
        var sortedParents = ParentsByDegree(second, rows, deg2, seed, sorting);
        if (deg2[sortedParents[0]] == deg2[sortedParents[^1]])
            return null;

        var scores = new ulong[m];
        var order = new int[m];

        // three row-sized buffers in all (the best candidate, the one being built, the repaired copy being measured),
        // reused across the steps instead of a copy per step
        var spare = new int[second.Length];
        var scratch = new int[second.Length];
        int[] Assign(double a)
        {
            var candidate = spare;
            Array.Copy(second, candidate, second.Length);
            var b = Math.Sqrt(Math.Max(0, 1 - (a * a)));
            for (var i = 0; i < m; i++)
            {
                scores[i] = RadixSort.Key((a * z[i]) + (b * noise[i]));
                order[i] = i;
            }

            // the scores are distinct (continuous noise; at a = ±1 the distinct normal scores), so a stable radix sort
            // gives the order of any sort, in a third of the time of Array.Sort
            sorting.Sort(scores, order);
            for (var k = 0; k < m; k++)
                candidate[rows[order[k]]] = sortedParents[k];
            return candidate;
        }

        // The pair-key repair may move children between parents of the permuted key when a pairing leaves no swap: that
        // changes the fan-out the allocator set. Measure that damage (KS between the fan-out histograms before and after
        // the repair) and weigh it against the correlation miss, so a stronger correlation never costs the fan-out.
        // A repair that only swapped leaves every fan-out as it was: the histograms are then the same and their KS is 0
        // exactly, so it is computed only when a fan-out moved.
        List<FanOutBin>? baseHistogram = null;
        var lastDamage = 0.0;
        double Measure(int[] candidate)
        {
            var copy = scratch;
            Array.Copy(candidate, copy, candidate.Length);
            repair?.Invoke(copy);
            var degrees = repair is null ? deg2 : Degrees(copy, secondParents);
            lastDamage = degrees.AsSpan().SequenceEqual(deg2)
                ? 0
                : FanOutDistance.KolmogorovSmirnov(baseHistogram ??= Histogram(deg2), Histogram(degrees));
            return Pearson(first, copy, deg1, degrees);
        }

        // Candidates: the pairing as drawn (a random pairing), then a search over a. r grows with a; search the whole of
        // [−1, 1], because a constraint can pull r at a = 0 away from 0 (PlaylistTrack's distinct pairs give −0.32 at
        // random, the profile −0.26).
        var best = new int[second.Length];
        Array.Copy(second, best, second.Length);
        var bestR = Measure(best);
        var bestMiss = Math.Abs(bestR - target);
        var bestScore = bestMiss + (DamageWeight * lastDamage);
        var end = Assign(Math.Sign(target));
        var endR = Measure(end);
        Consider(end, endR);
        if (target > 0 ? endR > target : endR < target)
        {
            // r(a) rises with a: bracket the target between a = 0 (or the far end) and a = sign(target), then regula falsi
            // with the Illinois step (converges in a few sorts where bisection needs ten).
            double aFar = Math.Sign(target), rFar = endR;
            double aNear = 0;
            var near = Assign(aNear);
            var rNear = Measure(near);
            Consider(near, rNear);
            if (target > 0 ? rNear > target : rNear < target)
            {
                (aNear, near) = (-Math.Sign(target), Assign(-Math.Sign(target)));
                rNear = Measure(near);
                Consider(near, rNear);
            }

            var side = 0;
            var stalled = 0;
            for (var step = 0; step < MaxSteps && bestMiss > GoodEnough && stalled < 2; step++)
            {
                var before = bestMiss;
                var mid = rFar == rNear ? (aNear + aFar) / 2 : aNear + ((target - rNear) * (aFar - aNear) / (rFar - rNear));
                if (!(mid > Math.Min(aNear, aFar) && mid < Math.Max(aNear, aFar)))
                    mid = (aNear + aFar) / 2;
                var candidate = Assign(mid);
                var r = Measure(candidate);
                Consider(candidate, r);
                // a constraint (the pair key's repair) can make the target unreachable: stop when steps stop helping
                stalled = before - bestMiss < 0.001 ? stalled + 1 : 0;
                if ((r - target) * (rFar - target) > 0)
                {
                    (aFar, rFar) = (mid, r);
                    if (side == 1)
                        rNear = target + ((rNear - target) / 2);
                    side = 1;
                }
                else
                {
                    (aNear, rNear) = (mid, r);
                    if (side == -1)
                        rFar = target + ((rFar - target) / 2);
                    side = -1;
                }
            }

        }

        void Consider(int[] candidate, double r)
        {
            var score = Math.Abs(r - target) + (DamageWeight * lastDamage);
            if (score < bestScore)
            {
                // the candidate (always the spare buffer) becomes the best; the old best is the next spare
                spare = best;
                (best, bestR, bestMiss, bestScore) = (candidate, r, Math.Abs(r - target), score);
            }
        }

        Array.Copy(best, second, second.Length);
        return bestR;
    }

    /// <summary>Pearson r over the rows where both keys are set, between the fan-outs of the row's two parents; 0 when
    /// either is constant.</summary>
    public static double Pearson(int[] first, int[] second, int firstParents, int secondParents)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Pearson(first, second, Degrees(first, firstParents), Degrees(second, secondParents));
    }

    /// <summary>As <see cref="Pearson(int[], int[], int, int)"/> with the fan-outs of both keys' parents given.</summary>
    private static double Pearson(int[] first, int[] second, long[] deg1, long[] deg2)
    {
        double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (var r = 0; r < first.Length; r++)
        {
            if (first[r] < 0 || second[r] < 0)
                continue;
            double x = deg1[first[r]];
            double y = deg2[second[r]];
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }

        var vx = (n * sxx) - (sx * sx);
        var vy = (n * syy) - (sy * sy);
        return n < 2 || vx <= 0 || vy <= 0 ? 0 : ((n * sxy) - (sx * sy)) / Math.Sqrt(vx * vy);
    }

    private const int NormalChunk = 16_384;

    /// <summary>
    /// The indices i of <paramref name="rows"/> in the order of (the degree of row i's parent, a seeded hash of the row, i):
    /// a stable radix sort by the hash, then a stable counting sort by the degree. The order is a total one, so it is the
    /// order a sort of the triples gives (and the one the per-degree <c>Array.Sort</c> of sessions 6–8 gave, in a fraction
    /// of its time).
    /// </summary>
    private static int[] RowsByDegree(int[] parents, List<int> rows, long[] degrees, ulong seed, RadixSort sorting)
    {
        var m = rows.Count;
        var ties = new ulong[m];
        var byTie = new int[m];
        for (var i = 0; i < m; i++)
            (ties[i], byTie[i]) = (StableHash.At(seed, rows[i], 1), i);
        sorting.Sort(ties, byTie);
        var degreeOf = new long[m];
        for (var k = 0; k < m; k++)
            degreeOf[k] = degrees[parents[rows[byTie[k]]]];
        var order = StableByKey(degreeOf);
        for (var k = 0; k < m; k++)
            order[k] = byTie[order[k]];
        return order;
    }

    /// <summary>
    /// The second key's parent of every row of <paramref name="rows"/>, sorted by (degree, a seeded hash of the parent, parent):
    /// each distinct parent sorted once (a stable radix sort by the hash from parent order, then a stable counting sort by
    /// degree) and repeated as many times as it occurs, which is what a sort of the per-row triples gives (a parent's
    /// triples are equal).
    /// </summary>
    private static int[] ParentsByDegree(int[] parents, List<int> rows, long[] degrees, ulong seed, RadixSort sorting)
    {
        var occurs = new int[degrees.Length];
        foreach (var r in rows)
            occurs[parents[r]]++;
        var distinct = 0;
        foreach (var o in occurs)
            distinct += o > 0 ? 1 : 0;
        var ties = new ulong[distinct];
        var byTie = new int[distinct];
        var n = 0;
        for (var v = 0; v < occurs.Length; v++)
        {
            if (occurs[v] > 0)
                (ties[n], byTie[n++]) = (StableHash.At(seed, v, 3), v);
        }

        sorting.Sort(ties, byTie);
        var degreeOf = new long[distinct];
        for (var k = 0; k < distinct; k++)
            degreeOf[k] = degrees[byTie[k]];
        var sorted = new int[rows.Count];
        n = 0;
        foreach (var k in StableByKey(degreeOf))
        {
            var v = byTie[k];
            for (var c = 0; c < occurs[v]; c++)
                sorted[n++] = v;
        }

        return sorted;
    }

    /// <summary>The indices 0..n−1 ordered by <paramref name="keys"/>, equal keys in index order (a counting sort over the
    /// keys: directly over their range when it is at most a few times n, as fan-outs are, else over the distinct keys).</summary>
    private static int[] StableByKey(long[] keys)
    {
        if (keys.Length == 0)
            return [];
        long min = keys[0], max = keys[0];
        foreach (var k in keys)
            (min, max) = (Math.Min(min, k), Math.Max(max, k));
        Func<long, int> slotOf;
        int slots;
        if (max - min < 4L * keys.Length + 1024)
            (slotOf, slots) = (k => (int)(k - min), (int)(max - min + 1));
        else
        {
            var distinct = keys.Distinct().Order().ToArray();
            var slot = new Dictionary<long, int>(distinct.Length);
            for (var d = 0; d < distinct.Length; d++)
                slot[distinct[d]] = d;
            (slotOf, slots) = (k => slot[k], distinct.Length);
        }

        var at = new int[keys.Length];
        var starts = new int[slots + 1];
        for (var i = 0; i < keys.Length; i++)
            starts[(at[i] = slotOf(keys[i])) + 1]++;
        for (var d = 0; d < slots; d++)
            starts[d + 1] += starts[d];
        var order = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
            order[starts[at[i]]++] = i;
        return order;
    }

    private static List<FanOutBin> Histogram(long[] degrees) =>
        degrees.GroupBy(d => d).Select(g => new FanOutBin(g.Key, g.LongCount())).ToList();

    private static long[] Degrees(int[] parentIndex, int parents)
    {
        var degrees = new long[parents];
        foreach (var p in parentIndex)
        {
            if (p >= 0)
                degrees[p]++;
        }

        return degrees;
    }
}
