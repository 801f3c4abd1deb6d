using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>
/// The other side of a key made of two foreign keys (ratings(user, movie) seen from movie: the users), in the profile
/// and in the target: a movie has at most one rating per user, so its fan-out is at most the users left.
/// </summary>
/// <param name="Parents">The other side's parent rows in the profile.</param>
/// <param name="TargetParents">The other side's parent rows in the target.</param>
public readonly record struct PairSide(long Parents, long TargetParents);

/// <summary>
/// The fan-out law of one foreign key of a many-to-many link table whose other side shrinks, from the pair density: a
/// link survives when both its parents do (docs/adr/0006-fan-out-growth.md, "Link tables: the pair density").
/// </summary>
/// <remarks>
/// <para>A parent of fan-out k is linked to a share f = k/U of the other side's U parents. When the other side keeps U′ =
/// q·U of them at random and the links keep the product of the two factors (r = q: the children per parent fall by the
/// other side's survival), its fan-out is Binomial(k, q), the thinning <see cref="FanOutReference"/> already gives for
/// r &lt; 1. When the links are denser than that (r &gt; q, e.g. every table ×0.3: as many links per parent as before
/// but 30% of the other side left), the parent's share of the U′ survivors rises from f to
/// f′ = f + min(1, τf)·(1 − f): each of its unlinked pairs links with a chance proportional to its popularity f, so the
/// popular parents saturate at U′ instead of being cut there, and the order of the parents is kept. Its fan-out is then
/// Binomial(U′, f′), never above U′, with the one τ ≥ 0 that gives the target's mean (bisection; if the mean needs more
/// than every linked parent at U′, τ stops there and the allocator's exact sum does the rest).</para>
/// </remarks>
internal static class PairDensity
{
    /// <summary>Whether the pair density decides this reference: the other side shrinks and the links are denser than
    /// the product of the two factors.</summary>
    public static bool Applies(PairSide side, double ratio) =>
        side.TargetParents > 0 && side.TargetParents < side.Parents
        && ratio > (double)side.TargetParents / side.Parents * (1 + 1e-9);

    /// <summary>The saturated law (fan-out, probability) with mean <paramref name="targetMean"/>.</summary>
    public static (long[] Support, double[] Weights) Saturate(IReadOnlyList<(long Children, long Parents)> bins, PairSide side,
        double targetMean)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var shares = Shares(bins, side);
        var tau = Tau(shares, side, targetMean);
        return BinomialThinning.Mix(shares.Select(s => (side.TargetParents, Linked(s.F, tau), s.W)));
    }

    /// <summary>
    /// The mean fan-out of each group of parents (the sides of the parent's row state) under one pair density: the one τ
    /// that gives <paramref name="targetChildren"/> over all the groups' target parents together, so a parent's saturation
    /// depends on its share of the other side, not on its group (a popular deleted movie saturates as a popular live one).
    /// Each group's children at these means, allocated against <see cref="Saturate"/> of its own histogram, find that τ again.
    /// </summary>
    /// <param name="groups">Per group, its profiled histogram and its target parents.</param>
    /// <param name="side">The other side of the key.</param>
    /// <param name="targetChildren">C′ over all the groups.</param>
    public static double[] GroupMeans(IReadOnlyList<(IReadOnlyList<FanOutBin> Histogram, long TargetParents)> groups, PairSide side,
        long targetChildren)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var targetParents = (double)groups.Sum(g => g.TargetParents);
        var perGroup = groups.Select(g => Shares([.. g.Histogram.Select(b => (b.Children, b.Parents))], side)).ToArray();
        // the groups' shares together, each group weighted by its share of the target's parents
        var pooled = perGroup.SelectMany((shares, i) => shares.Select(s => (s.F, W: s.W * groups[i].TargetParents / targetParents)))
            .ToArray();
        var tau = targetParents > 0 ? Tau(pooled, side, targetChildren / targetParents) : 0;
        return [.. perGroup.Select(shares => side.TargetParents * shares.Sum(s => s.W * Linked(s.F, tau)))];
    }

    // each bin's share f = k/U of the other side and its weight among the parents
    private static (double F, double W)[] Shares(IReadOnlyList<(long Children, long Parents)> bins, PairSide side)
    {
        var parents = (double)bins.Where(b => b.Parents > 0 && b.Children >= 0).Sum(b => b.Parents);
        return parents == 0 ? [] : [.. bins.Where(b => b.Parents > 0 && b.Children >= 0)
            .Select(b => (F: Math.Min(1.0, (double)b.Children / side.Parents), W: b.Parents / parents))];
    }

    // the τ ≥ 0 whose mean is targetMean (bisection), or the largest that matters when even that falls short
    private static double Tau((double F, double W)[] shares, PairSide side, double targetMean)
    {
        var other = side.TargetParents;
        double Mean(double tau) => other * shares.Sum(s => s.W * Linked(s.F, tau));
        var smallest = shares.Where(s => s.F > 0).Select(s => s.F).DefaultIfEmpty(1).Min();
        double lo = 0, hi = 1 / smallest;
        if (Mean(hi) <= targetMean)
            return hi;
        for (var i = 0; i < 100 && hi - lo > 1e-12 * hi; i++)
        {
            var mid = (lo + hi) / 2;
            if (Mean(mid) < targetMean)
                lo = mid;
            else
                hi = mid;
        }

        return (lo + hi) / 2;
    }

    private static double Linked(double f, double tau) => f + Math.Min(1, tau * f) * (1 - f);
}
