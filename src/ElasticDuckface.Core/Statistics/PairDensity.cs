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
        var total = (double)bins.Sum(b => b.Parents);
        var shares = bins.Select(b => (F: Math.Min(1.0, (double)b.Children / side.Parents), W: b.Parents / total)).ToArray();
        var other = side.TargetParents;
        double Mean(double tau) => other * shares.Sum(s => s.W * Linked(s.F, tau));
        var smallest = shares.Where(s => s.F > 0).Select(s => s.F).DefaultIfEmpty(1).Min();
        double lo = 0, hi = 1 / smallest;
        if (Mean(hi) <= targetMean)
        {
            lo = hi;
        }
        else
        {
            for (var i = 0; i < 100 && hi - lo > 1e-12 * hi; i++)
            {
                var mid = (lo + hi) / 2;
                if (Mean(mid) < targetMean)
                    lo = mid;
                else
                    hi = mid;
            }
        }

        var tau = (lo + hi) / 2;
        return BinomialThinning.Mix(shares.Select(s => (other, Linked(s.F, tau), s.W)));
    }

    private static double Linked(double f, double tau) => f + Math.Min(1, tau * f) * (1 - f);
}
