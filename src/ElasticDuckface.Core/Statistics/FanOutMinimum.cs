using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>
/// A fan-out reference kept at or above a declared minimum (<see cref="ForeignKeyProfile.MinChildren"/>): the parents
/// below it are raised to it and, so that the children still sum to the target, the excess of every parent over the
/// minimum is thinned binomially (docs/adr/0006-fan-out-growth.md, "A declared minimum").
/// </summary>
/// <remarks>
/// Raising alone moves the least mass (a sample along another dimension leaves invoices with no line only because their
/// lines were not drawn, so their true fan-out is low, not high), but it adds children; thinning the excess takes them
/// back from everyone in proportion to how far above the minimum they are, which leaves parents at the minimum there and
/// keeps the reference's order (a busy parent stays busy). A reference already at or above the minimum is left as it is,
/// so a profile whose data meets its declaration generates as without it.
/// </remarks>
internal static class FanOutMinimum
{
    /// <summary>
    /// <paramref name="reference"/> with every fan-out at least <paramref name="minimum"/> and mean C′/P′
    /// (<paramref name="targetChildren"/> / <paramref name="targetParents"/>), in as many parents as the reference holds.
    /// </summary>
    public static FanOutBin[] Apply(FanOutBin[] reference, int minimum, long targetParents, long targetChildren)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (minimum <= 0 || reference.Length == 0 || reference[0].Children >= minimum || targetParents <= 0)
            return reference;
        var parents = reference.Sum(b => b.Parents);
        var excess = reference.Select(b => (Children: Math.Max(0, b.Children - minimum), Parents: (double)b.Parents)).ToArray();
        var excessMean = excess.Sum(b => b.Children * b.Parents) / parents;
        var wanted = ((double)targetChildren / targetParents) - minimum;
        if (!(wanted > 0))
            return [new FanOutBin(minimum, parents)];
        if (!(excessMean > wanted))
            return Shifted(excess.Select(b => (b.Children, b.Parents)), minimum, parents);
        var (support, weights) = BinomialThinning.Thin(excess, wanted / excessMean);
        return Shifted(support.Zip(weights), minimum, parents);
    }

    // (excess, weight) → fan-outs minimum + excess in `parents` whole parents
    private static FanOutBin[] Shifted(IEnumerable<(long Excess, double Weight)> law, int minimum, long parents)
    {
        var bins = law.Where(b => b.Weight > 0).ToArray();
        return FanOutReference.InParents(([.. bins.Select(b => b.Excess + minimum)], [.. bins.Select(b => b.Weight)]), parents);
    }

    /// <summary>The reference with every fan-out moved by <paramref name="by"/> (at least 0): the allocator places the
    /// children above a minimum against the reference moved down by it.</summary>
    public static FanOutBin[] Shift(IReadOnlyList<FanOutBin> reference, long by) =>
        [.. reference.Select(b => new FanOutBin(Math.Max(0, b.Children + by), b.Parents))
            .GroupBy(b => b.Children).Select(g => new FanOutBin(g.Key, g.Sum(b => b.Parents))).OrderBy(b => b.Children)];
}
