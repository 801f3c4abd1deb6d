namespace ElasticDuckface.Statistics;

/// <summary>
/// Spearman's rank correlation of two fan-outs over the same parents, ties at their mid-rank (Pearson's r of the
/// mid-ranks), and the rule for which correlations a profile keeps.
/// </summary>
public static class RankCorrelation
{
    /// <summary>
    /// Below this |ρ| a pair is not kept whatever the parents: ordering the parents by it moves a join's size by a few
    /// percent at most (the covariance of the fan-outs is ρ times their spreads), less than the profile's other noise.
    /// </summary>
    public const double MinKept = 0.1;

    /// <summary>
    /// The most pairs kept per parent table, the strongest: the one-factor model the generator fits
    /// (<c>ρᵢⱼ ≈ aᵢ·aⱼ</c>) has one loading per key, so a handful of pairs already fixes the loadings of a handful of keys.
    /// </summary>
    public const int MaxPairsPerParent = 6;

    /// <summary>
    /// Whether a measured ρ is kept: |ρ| at least <see cref="MinKept"/> and at least three standard errors of a ρ between
    /// independent fan-outs over <paramref name="parents"/> parents (1/√(n − 1)), so chance alone keeps about one
    /// pair in 370.
    /// </summary>
    public static bool IsMeaningful(double rho, long parents) =>
        parents > 2 && Math.Abs(rho) >= Math.Max(MinKept, 3 / Math.Sqrt(parents - 1));

    /// <summary>
    /// ρ over <paramref name="parents"/> parents of which only those in <paramref name="x"/> or <paramref name="y"/>
    /// have a child (a parent missing from a map has fan-out 0 there); 0 when either fan-out is constant.
    /// </summary>
    /// <param name="parents">All the parents (at least the keys of both maps; more are zeros in both).</param>
    /// <param name="x">The first fan-out per parent key, non-zero entries.</param>
    /// <param name="y">The second fan-out per parent key, non-zero entries.</param>
    public static double Spearman<TKey>(long parents, IReadOnlyDictionary<TKey, long> x, IReadOnlyDictionary<TKey, long> y)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var union = new HashSet<TKey>(x.Keys);
        union.UnionWith(y.Keys);
        var n = Math.Max(parents, union.Count);
        if (n < 2)
            return 0;
        var xs = new List<long>(union.Count);
        var ys = new List<long>(union.Count);
        foreach (var key in union)
        {
            xs.Add(x.GetValueOrDefault(key));
            ys.Add(y.GetValueOrDefault(key));
        }

        return Spearman(xs, ys, n - union.Count);
    }

    /// <summary>ρ between two fan-outs given per parent (the same index is the same parent).</summary>
    public static double Spearman(IReadOnlyList<long> x, IReadOnlyList<long> y) => Spearman(x, y, 0);

    /// <summary>ρ over the pairs of <paramref name="x"/>, <paramref name="y"/> and <paramref name="zeros"/> more (0, 0).</summary>
    private static double Spearman(IReadOnlyList<long> x, IReadOnlyList<long> y, long zeros)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException("The two fan-outs must cover the same parents.", nameof(y));
        var n = x.Count + zeros;
        if (n < 2)
            return 0;
        var (rx, rx0, vx) = MidRanks(x, zeros);
        var (ry, ry0, vy) = MidRanks(y, zeros);
        if (vx <= 0 || vy <= 0)
            return 0;
        // centred on the mean rank (n + 1) / 2, which mid-ranks keep: no large sums cancel
        var mean = (n + 1) / 2.0;
        var covariance = zeros * (rx0 - mean) * (ry0 - mean);
        for (var i = 0; i < rx.Length; i++)
            covariance += (rx[i] - mean) * (ry[i] - mean);
        return Math.Clamp(covariance / Math.Sqrt(vx * vy), -1, 1);
    }

    /// <summary>Each value's mid-rank among the values and <paramref name="zeros"/> more zeros, the zeros' mid-rank, and
    /// the sum of squared deviations of all the ranks from their mean.</summary>
    private static (double[] Ranks, double ZeroRank, double Variance) MidRanks(IReadOnlyList<long> values, long zeros)
    {
        var n = values.Count + zeros;
        var mean = (n + 1) / 2.0;
        var order = new int[values.Count];
        var keys = new long[values.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = values[i];
        }

        Array.Sort(keys, order);
        var ranks = new double[values.Count];
        double zeroRank = 0, variance = 0;
        long below = 0;
        var zerosPlaced = zeros == 0;
        var k = 0;
        while (k < keys.Length || !zerosPlaced)
        {
            var value = k < keys.Length ? keys[k] : 0;
            if (!zerosPlaced && value >= 0)
                value = Math.Min(value, 0);
            var end = k;
            while (end < keys.Length && keys[end] == value)
                end++;
            var count = end - k + (!zerosPlaced && value == 0 ? zeros : 0);
            var rank = below + ((count + 1) / 2.0);
            for (var i = k; i < end; i++)
                ranks[order[i]] = rank;
            if (!zerosPlaced && value == 0)
            {
                zeroRank = rank;
                zerosPlaced = true;
            }

            variance += count * (rank - mean) * (rank - mean);
            below += count;
            k = end;
        }

        return (ranks, zeroRank, variance);
    }
}
