using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>
/// Fan-outs that follow the parent's row state (<see cref="ParentStateFanOuts"/>): the children are split between the
/// parents in the state and those out of it, then each side's fan-outs are allocated against that side's histogram by
/// <see cref="FanOutAllocator"/> (so the growth model applies per side), and each parent takes a fan-out of its own side.
/// </summary>
/// <remarks>
/// <para>The split gives each side children in proportion to its generated parents times its profiled mean (largest
/// remainder, within the cap): at the profile's own state fraction that is the profile's share of children under each
/// side, and when the parents' state fraction moves (another scale, a parent table grown alone) each side keeps its
/// children per parent instead of the share. A side no profiled parent was on says nothing: it takes the overall
/// histogram, as <see cref="ParentStateProfile"/>'s empty sides take the overall share.</para>
/// </remarks>
internal static class StateFanOutAllocator
{
    /// <summary>Allocates fan-outs for <paramref name="parentSet"/>.Length parents summing to <paramref name="targetChildren"/>.</summary>
    /// <param name="states">The profiled fan-out per side of the parent's state.</param>
    /// <param name="overall">The profiled fan-out over all parents, for a side without profiled parents.</param>
    /// <param name="parentSet">Per generated parent, whether it is in its row state.</param>
    /// <param name="targetChildren">C′, the non-null child rows to distribute.</param>
    /// <param name="seed">Stream seed; the same inputs and seed give the same allocation.</param>
    /// <param name="maxPerParent">A cap on any fan-out (1 for a one-to-one FK), or null.</param>
    /// <param name="growth">The growth model, applied to each side.</param>
    /// <param name="scores">Per parent, its busy-parent score, or null (see <see cref="FanOutAllocator.Allocate"/>): each side's
    /// fan-outs are then placed over that side's parents in its order.</param>
    /// <param name="pair">The other side of a key of two foreign keys (<see cref="FanOutReference.For"/>), or null: each side is
    /// allocated against its pair-density reference, its children from <see cref="Split"/>'s one pair density.</param>
    /// <param name="minimum">The fewest children every parent gets, on either side (<see cref="FanOutAllocator.Allocate"/>).</param>
    /// <exception cref="PlanValidationException">The children cannot be placed (see <see cref="FanOutAllocator.Allocate"/>).</exception>
    public static int[] Allocate(ParentStateFanOuts states, IReadOnlyList<FanOutBin> overall, bool[] parentSet, long targetChildren,
        ulong seed, long? maxPerParent = null, FanOutGrowth growth = FanOutGrowth.Sample, double[]? scores = null, PairSide? pair = null,
        int minimum = 0)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(overall);
        ArgumentNullException.ThrowIfNull(parentSet);
        var cap = Math.Min(maxPerParent ?? int.MaxValue, int.MaxValue);
        long setParents = parentSet.Count(s => s);
        long unsetParents = parentSet.Length - setParents;
        if (targetChildren > parentSet.Length * cap || targetChildren < parentSet.Length * (long)minimum)
            return FanOutAllocator.Allocate(overall, parentSet.Length, targetChildren, seed, maxPerParent, growth, pair, // says why not
                scores, minimum: minimum);
        var (setHistogram, _) = SideOf(states.Set, overall);
        var (unsetHistogram, _) = SideOf(states.Unset, overall);
        // every parent on one side (a lookup table none of whose rows is deleted): that side's fan-outs, drawn as before
        if (setParents == 0 || unsetParents == 0)
            return FanOutAllocator.Allocate(setParents == 0 ? unsetHistogram : setHistogram, parentSet.Length, targetChildren, seed,
                maxPerParent, growth, pair, scores, minimum: minimum);
        var (setChildren, unsetChildren) = Split(states, overall, targetChildren, setParents, unsetParents, cap, growth, pair, minimum);
        var set = FanOutAllocator.Allocate(setHistogram, setParents, setChildren, StableHash.Mix(seed ^ 0x534554UL), maxPerParent, growth,
            pair, Side(scores, parentSet, true), minimum: minimum);
        var unset = FanOutAllocator.Allocate(unsetHistogram, unsetParents, unsetChildren, StableHash.Mix(seed ^ 0x554E534554UL),
            maxPerParent, growth, pair, Side(scores, parentSet, false), minimum: minimum);
        var result = new int[parentSet.Length];
        int s = 0, u = 0;
        for (var p = 0; p < result.Length; p++)
            result[p] = parentSet[p] ? set[s++] : unset[u++];
        return result;
    }

    /// <summary>The scores of one side's parents, in parent order (as the side's fan-outs are read back), or null.</summary>
    private static double[]? Side(double[]? scores, bool[] parentSet, bool set) =>
        scores is null ? null : [.. scores.Where((_, p) => parentSet[p] == set)];

    /// <summary>
    /// The children of each side: <paramref name="children"/> in proportion to parents × the side's profiled mean (to
    /// parents alone when both weigh nothing), rounded half away from zero, then moved within each side's capacity
    /// (parents × <paramref name="cap"/>). Where the pair density decides a key of two foreign keys (the other side
    /// shrinks, the links are denser than the product of the factors), the side's mean is instead its mean under the one
    /// pair density of both sides together (<see cref="PairDensity.GroupMeans"/>): the side with the popular parents
    /// saturates more, so it keeps less than its share of the children. Verify expects the same split. Each side keeps at
    /// least its parents × <paramref name="minimum"/> where the children allow it.
    /// </summary>
    public static (long Set, long Unset) Split(ParentStateFanOuts states, IReadOnlyList<FanOutBin> overall, long children,
        long setParents, long unsetParents, long cap, FanOutGrowth growth = FanOutGrowth.Sample, PairSide? pair = null,
        int minimum = 0)
    {
        ArgumentNullException.ThrowIfNull(states);
        var (setHistogram, setMean) = SideOf(states.Set, overall);
        var (unsetHistogram, unsetMean) = SideOf(states.Unset, overall);
        if (growth == FanOutGrowth.Sample && pair is { } side && PairMoves(states, side, children, setParents + unsetParents))
        {
            var means = PairDensity.GroupMeans([(setHistogram, setParents), (unsetHistogram, unsetParents)], side, children);
            (setMean, unsetMean) = (means[0], means[1]);
        }

        var setWeight = setParents * setMean;
        var unsetWeight = unsetParents * unsetMean;
        if (!(setWeight + unsetWeight > 0))
            (setWeight, unsetWeight) = (setParents, unsetParents);
        var total = setWeight + unsetWeight;
        var set = total > 0 ? (long)Math.Round(children * (setWeight / total), MidpointRounding.AwayFromZero) : 0;
        set = Math.Clamp(set, Math.Max(0, children - (unsetParents * cap)), Math.Min(children, setParents * cap));
        // the minimum after the capacity: a plan the minimum cannot meet is refused by the allocator, not bent here
        if (minimum > 0 && children >= (setParents + unsetParents) * minimum)
            set = Math.Clamp(set, setParents * minimum, children - (unsetParents * minimum));
        return (set, children - set);
    }

    /// <summary>Whether the pair density decides the two sides' references: the same test as
    /// <see cref="FanOutReference.For"/>'s, on both sides' profiled parents and children together.</summary>
    private static bool PairMoves(ParentStateFanOuts states, PairSide side, long children, long parents)
    {
        var profiledParents = states.Set.ParentRows + states.Unset.ParentRows;
        var profiledChildren = states.Set.ChildRows + states.Unset.ChildRows;
        return profiledParents > 0 && profiledChildren > 0 && parents > 0
            && PairDensity.Applies(side, (double)children * profiledParents / ((double)profiledChildren * parents));
    }

    /// <summary>A side's histogram and exact mean; the overall ones when no profiled parent was on that side.</summary>
    public static (IReadOnlyList<FanOutBin> Histogram, double Mean) SideOf(StateFanOut side, IReadOnlyList<FanOutBin> overall)
    {
        if (side.ParentRows > 0)
            return (side.Histogram, (double)side.ChildRows / side.ParentRows);
        var parents = overall.Sum(b => b.Parents);
        return (overall, parents == 0 ? 0 : (double)overall.Sum(b => b.Children * b.Parents) / parents);
    }
}
