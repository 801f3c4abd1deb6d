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
/// key's parents sorted by fan-out. The strength a ∈ [−1, 1] is calibrated by bisection on the achieved Pearson r,
/// measured after the caller's repair (duplicate pairs), so the calibrated value is the final one.
/// </remarks>
internal static class FanOutCorrelator
{
    private const int BisectionSteps = 10;

    /// <summary>Close enough: well inside verify's threshold (0.2) and the sampling noise of a profile.</summary>
    private const double GoodEnough = 0.005;

    /// <summary>Permutes <paramref name="second"/> over the rows where both keys are set, towards Pearson r = <paramref name="target"/>.</summary>
    /// <param name="first">Per row, the first key's parent index, or -1 for NULL; not changed.</param>
    /// <param name="second">Per row, the second key's parent index, or -1 for NULL; permuted in place.</param>
    /// <param name="firstParents">The first key's parent row count.</param>
    /// <param name="secondParents">The second key's parent row count.</param>
    /// <param name="target">The profiled Pearson correlation.</param>
    /// <param name="seed">Stream seed for the tie-breaks and the noise.</param>
    /// <param name="repair">Applied to each candidate before measuring it, as the caller will apply it to the result (may be null).</param>
    /// <returns>The achieved r (after <paramref name="repair"/>), or null when nothing was done.</returns>
    public static double? Correlate(int[] first, int[] second, int firstParents, int secondParents, double target, ulong seed, Action<int[]>? repair = null)
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

        // z: normal score of the rank of the first parent's fan-out
        var byFirst = new (long Degree, ulong Tie, int Index)[m];
        for (var i = 0; i < m; i++)
            byFirst[i] = (deg1[first[rows[i]]], StableHash.At(seed, rows[i], 1), i);
        Array.Sort(byFirst);
        if (byFirst[0].Degree == byFirst[^1].Degree)
            return null;
        var z = new double[m];
        for (var k = 0; k < m; k++)
            z[byFirst[k].Index] = Normal.InvCDF(0, 1, (k + 0.5) / m);
        var noise = new double[m];
        for (var i = 0; i < m; i++)
            noise[i] = Normal.InvCDF(0, 1, ((StableHash.At(seed, rows[i], 2) >> 11) + 0.5) * (1.0 / (1UL << 53)));

        // the second key's parents, sorted by fan-out (ties by a seeded hash of the parent, so a parent's rows stay together)
        var bySecond = new (long Degree, ulong Tie, int Parent)[m];
        for (var i = 0; i < m; i++)
        {
            var v = second[rows[i]];
            bySecond[i] = (deg2[v], StableHash.At(seed, v, 3), v);
        }

        Array.Sort(bySecond);
        if (bySecond[0].Degree == bySecond[^1].Degree)
            return null;

        var scores = new double[m];
        var order = new int[m];

        int[] Assign(double a)
        {
            var candidate = (int[])second.Clone();
            var b = Math.Sqrt(Math.Max(0, 1 - (a * a)));
            for (var i = 0; i < m; i++)
            {
                scores[i] = (a * z[i]) + (b * noise[i]);
                order[i] = i;
            }

            Array.Sort(scores, order);
            for (var k = 0; k < m; k++)
                candidate[rows[order[k]]] = bySecond[k].Parent;
            return candidate;
        }

        double Measure(int[] candidate)
        {
            var copy = (int[])candidate.Clone();
            repair?.Invoke(copy);
            return Pearson(first, copy, firstParents, secondParents);
        }

        // r grows with a. Start from the end of the target's sign; search the whole of [−1, 1], because a constraint
        // can pull r at a = 0 away from 0 (PlaylistTrack's distinct pairs give −0.32 at random, the profile −0.26).
        var best = Assign(Math.Sign(target));
        var bestR = Measure(best);
        if (target > 0 ? bestR > target : bestR < target)
        {
            var bestMiss = Math.Abs(bestR - target);
            double lo = -1, hi = 1;
            for (var step = 0; step < BisectionSteps && bestMiss > GoodEnough; step++)
            {
                var mid = (lo + hi) / 2;
                var candidate = Assign(mid);
                var r = Measure(candidate);
                if (Math.Abs(r - target) < bestMiss)
                    (best, bestR, bestMiss) = (candidate, r, Math.Abs(r - target));
                if (r < target)
                    lo = mid;
                else
                    hi = mid;
            }
        }

        Array.Copy(best, second, second.Length);
        return bestR;
    }

    /// <summary>Pearson r over the rows where both keys are set, between the fan-outs of the row's two parents; 0 when either is constant.</summary>
    public static double Pearson(int[] first, int[] second, int firstParents, int secondParents)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var deg1 = Degrees(first, firstParents);
        var deg2 = Degrees(second, secondParents);
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
