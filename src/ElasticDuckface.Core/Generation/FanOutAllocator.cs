using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>
/// Decides how many children each parent gets so that the parents' fan-outs follow the profiled histogram as closely
/// as whole numbers allow and the children sum exactly to the target.
/// </summary>
/// <remarks>
/// <para>The reference is <see cref="FanOutReference.For"/>: the profiled histogram, grown or thinned (or stretched, by
/// the plan's <see cref="FanOutGrowth"/>) to the target's mean when the children per parent moved (verify compares
/// against the same). The fan-outs are then the KS-optimal allocation of
/// <see cref="KsOptimalFanOut"/>: the least KS distance that P′ whole fan-outs summing to C′ (each within the cap) can
/// have against the reference, 0 at ×1 and integer scales. Last, which parent gets which fan-out is shuffled, or, for a
/// key of a busy-parent correlation, ordered by the parents' scores (<see cref="BusyParentOrder"/>).</para>
/// </remarks>
internal static class FanOutAllocator
{
    /// <summary>Allocates fan-outs for <paramref name="targetParents"/> parents summing to <paramref name="targetChildren"/>.</summary>
    /// <param name="histogram">Profiled fan-out histogram (k → parents), or null/empty when unknown
    /// (children are then spread evenly).</param>
    /// <param name="targetParents">P′, the number of parents to generate.</param>
    /// <param name="targetChildren">C′, the number of non-null child rows to distribute.</param>
    /// <param name="seed">Stream seed; the same inputs and seed give the same allocation.</param>
    /// <param name="maxPerParent">A cap on any fan-out (1 for a one-to-one FK), or null.</param>
    /// <param name="growth">The growth model of the reference when the children per parent moved.</param>
    /// <param name="pair">The other side of a key of two foreign keys (<see cref="FanOutReference.For"/>), or null.</param>
    /// <param name="scores">Per parent, its busy-parent score (<see cref="BusyParentOrder"/>): the fan-outs are placed in
    /// its order instead of shuffled; null to shuffle.</param>
    /// <param name="clusters">The fan-out's cluster paths (<see cref="FanOutReference.For"/>), or null.</param>
    /// <param name="minimum">The fewest children every parent gets (<see cref="ForeignKeyProfile.MinChildren"/>), 0 for none:
    /// the children above it are allocated against the reference shifted down by it, which keeps the allocation KS-optimal.</param>
    /// <exception cref="PlanValidationException">The children cannot be placed: no parents, more than parents × cap, or
    /// fewer than parents × minimum.</exception>
    public static int[] Allocate(IReadOnlyList<FanOutBin>? histogram, long targetParents, long targetChildren, ulong seed,
        long? maxPerParent = null, FanOutGrowth growth = FanOutGrowth.Sample, PairSide? pair = null, double[]? scores = null,
        ClusterContext? clusters = null, int minimum = 0)
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
                : throw new PlanValidationException($"{targetChildren} child rows need a parent but the parent table gets 0 rows; "
                    + $"make the references NULL or raise the parent's factor.");
        }

        if (targetChildren > targetParents * cap)
            throw new PlanValidationException($"{targetChildren} child rows cannot be spread over {targetParents} parents "
                + $"with at most {cap} each; raise the parent's factor or lower the child's.");

        ArgumentOutOfRangeException.ThrowIfNegative(minimum);
        if (targetChildren < targetParents * minimum || cap < minimum)
            throw new PlanValidationException($"{targetChildren} child rows cannot give each of {targetParents} parents at least "
                + $"{minimum} (at most {cap} each); raise the child's factor or lower the parent's.");

        var pCount = (int)targetParents;
        if (targetChildren == 0)
            return new int[pCount];
        var rng = new SeededRandom(seed);
        int[] result;
        if (histogram is null || !histogram.Any(b => b.Parents > 0 && b.Children > 0))
        {
            // no shape to follow: the profile knows no child (or no parent)
            result = new int[pCount];
            SpreadEvenly(result, targetChildren);
        }
        else
        {
            // the reference only where it is used: the growth model is the one costly step of allocation
            var reference = FanOutReference.For(histogram, targetParents, targetChildren, growth, pair, clusters, minimum);
            if (minimum == 0)
                result = KsOptimalFanOut.Allocate(reference, pCount, targetChildren, cap);
            else
            {
                var above = targetChildren - (targetParents * minimum);
                result = above == 0 ? new int[pCount]
                    : KsOptimalFanOut.Allocate(FanOutMinimum.Shift(reference, -minimum), pCount, above, cap - minimum);
                for (var i = 0; i < result.Length; i++)
                    result[i] += minimum;
            }
        }

        if (scores is null)
            rng.Shuffle(result);
        else
            BusyParentOrder.Order(result, scores);
        return result;
    }

    /// <summary>The reference a target with these counts is allocated against (and verified against).</summary>
    public static FanOutBin[] Reference(IReadOnlyList<FanOutBin> histogram, long targetParents, long targetChildren,
        FanOutGrowth growth = FanOutGrowth.Sample, int minimum = 0) =>
        FanOutReference.For(histogram, targetParents, targetChildren, growth, minimum: minimum);

    /// <summary>The least KS distance any allocation of these counts can have against <see cref="Reference"/>.</summary>
    public static double Floor(IReadOnlyList<FanOutBin> histogram, long targetParents, long targetChildren, long? maxPerParent = null,
        FanOutGrowth growth = FanOutGrowth.Sample, int minimum = 0) =>
        FloorAgainst(Reference(histogram, targetParents, targetChildren, growth, minimum), targetParents, targetChildren,
            Math.Min(maxPerParent ?? int.MaxValue, int.MaxValue), minimum);

    /// <summary>The least KS distance fan-outs of these counts, each at least <paramref name="minimum"/> where the children
    /// allow it, can have against <paramref name="reference"/> (KS does not move when every fan-out moves by one constant).</summary>
    public static double FloorAgainst(IReadOnlyList<FanOutBin> reference, long targetParents, long targetChildren, long cap,
        int minimum)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (minimum <= 0 || targetChildren < targetParents * minimum || cap < minimum)
            return KsOptimalFanOut.Floor(reference, targetParents, targetChildren, cap);
        var above = targetChildren - (targetParents * minimum);
        return KsOptimalFanOut.Floor(FanOutMinimum.Shift(reference, -minimum), targetParents, above, cap - minimum);
    }

    /// <summary>The Kolmogorov–Smirnov distance between a histogram and allocated fan-outs.</summary>
    public static double KsDistance(IReadOnlyList<FanOutBin> histogram, IReadOnlyList<int> fanOuts) =>
        FanOutDistance.KolmogorovSmirnov(histogram,
            fanOuts.GroupBy(f => (long)f).Select(g => new FanOutBin(g.Key, g.LongCount())).ToList());

    private static void SpreadEvenly(int[] result, long children)
    {
        var each = (int)(children / result.Length);
        var extra = children % result.Length;
        for (var i = 0; i < result.Length; i++)
            result[i] = each + (i < extra ? 1 : 0);
    }
}
