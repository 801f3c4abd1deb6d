using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>
/// The other side of a key made of two foreign keys (ratings(user, movie) seen from movie: the users), in the profile
/// and in the target: a movie has at most one rating per user, so its fan-out is at most the users left.
/// </summary>
/// <param name="Parents">The other side's parent rows in the profile.</param>
/// <param name="TargetParents">The other side's parent rows in the target.</param>
/// <param name="Histogram">The other side's profiled fan-out over this key (ratings per user), or null when not known: the
/// pair density then treats the other side's parents as alike.</param>
/// <param name="OwnParents">This side's parent rows in the profile (0 when not known): of the two sides, the one with
/// fewer parents (the users, the playlists: the busier side) is the one whose parents link more when the links get
/// denser (<see cref="RankOneLinks"/>).</param>
/// <param name="OwnHistogram">This side's whole profiled fan-out over this key, or null: a group of its parents (one
/// side of their row state) is fitted against the other side's parents as the whole side fits them.</param>
public readonly record struct PairSide(long Parents, long TargetParents, IReadOnlyList<FanOutBin>? Histogram = null, long OwnParents = 0,
    IReadOnlyList<FanOutBin>? OwnHistogram = null);

/// <summary>
/// The fan-out law of one foreign key of a many-to-many link table whose other side shrinks, from the pair density: a
/// link survives when both its parents do (docs/adr/0006-fan-out-growth.md, "Link tables: the pair density").
/// </summary>
/// <remarks>
/// <para>A parent of fan-out k is linked to a share f = k/U of the other side's U parents. When the other side keeps U′ =
/// q·U of them at random and the links keep the product of the two factors (r = q: the children per parent fall by the
/// other side's survival), its fan-out is Binomial(k, q), the thinning <see cref="FanOutReference"/> already gives for
/// r &lt; 1. When the links are denser than that (r &gt; q, e.g. every table ×0.3: as many links per parent as before
/// but 30% of the other side left), the pairs follow a rank-1 density (<see cref="RankOneLinks"/>): movie m and user u
/// are linked with probability 1 − exp(−a_u·b_m), a and b fitted so that both profiled histograms come back. Denser
/// links are read as the side with fewer parents (the busier one) linking D times as many of the other side, at most
/// all of it; D ≥ 1 is the one value that gives the target's mean (bisection on log D; if the mean needs more than every
/// linked parent at U′, D stops there and the allocator's exact sum does the rest). A parent's fan-out is then
/// Binomial(U′, f′), f′ its linked share at D: never above U′, the order of the parents kept, and D = 1 the plain
/// thinning. Users that saturate (a heavy user, denser, rates every movie) lift every movie, which a law of the movie's
/// share alone cannot say (the earlier f′ = f + min(1, τf)(1 − f) put the mass on the popular movies: ADR 0006, "Exact
/// pair repair and a rank-1 pair density").</para>
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
        // a group of this side's parents (one side of their row state) against the other side as the whole side fits it
        var whole = side.OwnHistogram?.Select(b => (b.Children, b.Parents)).ToList();
        var fitted = RankOneLinks.Fit(whole is { Count: > 0 } ? whole : bins, side);
        var links = whole is { Count: > 0 } && !whole.SequenceEqual(bins) ? fitted.For(bins) : fitted;
        var users = fitted.At(Density(fitted, [links], [1.0], side, targetMean));
        return BinomialThinning.Mix(links.Weights.Select((w, i) => (side.TargetParents, links.Linked(i, users), w)));
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
        // the other side's kinds fitted against all the groups' parents, then each group's bins against them
        var all = groups.SelectMany(g => g.Histogram).GroupBy(b => b.Children).Select(x => (x.Key, x.Sum(b => b.Parents))).ToList();
        var fitted = RankOneLinks.Fit(all, side);
        var perGroup = groups.Select(g => fitted.For([.. g.Histogram.Select(b => (b.Children, b.Parents))])).ToArray();
        // each group weighted by its share of the target's parents
        var shares = groups.Select(g => g.TargetParents / Math.Max(1, targetParents)).ToArray();
        var users = fitted.At(targetParents > 0 ? Density(fitted, perGroup, shares, side, targetChildren / targetParents) : 1);
        return [.. perGroup.Select(links => side.TargetParents * links.MeanLinked(users))];
    }

    // the density D ≥ 1 (each parent of the other side linking D times as many) whose mean over the groups is targetMean
    // (bisection on log D), or the largest that matters when even that falls short
    private static double Density(RankOneLinks fitted, RankOneLinks[] groups, double[] shares, PairSide side, double targetMean)
    {
        double Mean(double logDensity)
        {
            var users = fitted.At(Math.Exp(logDensity));
            var mean = 0.0;
            for (var g = 0; g < groups.Length; g++)
                mean += shares[g] * groups[g].MeanLinked(users);
            return side.TargetParents * mean;
        }

        double lo = 0, hi = Math.Log(1e6);
        if (Mean(hi) <= targetMean)
            return Math.Exp(hi);
        if (Mean(lo) >= targetMean)
            return 1;
        for (var i = 0; i < 40 && hi - lo > 1e-7; i++)
        {
            var mid = (lo + hi) / 2;
            if (Mean(mid) < targetMean)
                lo = mid;
            else
                hi = mid;
        }

        return Math.Exp((lo + hi) / 2);
    }
}
