using ElasticDuckface.Profiles;

namespace ElasticDuckface.Statistics;

/// <summary>
/// The fan-out distribution a table with a given number of parents and children should follow: the profiled histogram,
/// grown or thinned to the target's mean when the children per parent moved (<see cref="FanOutGrowth"/>). The generator
/// allocates against it and verify measures against it, so both use this one definition.
/// </summary>
internal static class FanOutReference
{
    /// <summary>
    /// The parents a modelled reference is expressed in: fine enough that the rounding of probabilities to whole parents
    /// (≤ 2⁻²⁰ per fan-out) is far below any CDF step of a generated table, small enough for exact integer arithmetic.
    /// </summary>
    private const long ModelResolution = 1 << 20;

    /// <summary>Below this many profiled parents, growth (r &gt; 1) under <see cref="FanOutGrowth.Sample"/> stretches.</summary>
    private const long FewParents = 10;

    /// <summary>
    /// The profiled histogram (merged, sorted by fan-out, empty bins dropped) with every fan-out k stretched to k·r, where
    /// r = (C′/P′)/(C/P) is the ratio of the target's mean to the profile's (exact rational arithmetic). A bin of n parents
    /// whose k·r is not whole is split between ⌊k·r⌋ and ⌈k·r⌉ in proportion to the fraction (n·frac parents, rounded
    /// half up, go up), so every bin keeps its mean: with r = 1.55 a bin of fan-out 1 becomes 45% ones and 55% twos, not
    /// all twos (plain rounding turned Chinook's InvoiceLine→Track, 0/1/2 sales per track, into 0/2/3: KS 0.25 against
    /// 0.17). When one scale factor explains both counts up to rounding (the same factor for parent and child, e.g.
    /// ×2.5), each fan-out is rounded instead, which leaves the histogram itself. r = 1 gives the histogram itself.
    /// That is <see cref="FanOutGrowth.Stretch"/>. Under <see cref="FanOutGrowth.Sample"/> (the default), whenever the
    /// stretch would move the histogram, the histogram is read as a binomial thinning instead: r &gt; 1 gives the
    /// deconvolved law of <see cref="BinomialThinning.Deconvolve"/> with keep probability 1/r, r &lt; 1 the thinned law of
    /// <see cref="BinomialThinning.Thin"/> with keep probability r, both in <see cref="ModelResolution"/> parents.
    /// </summary>
    /// <param name="histogram">The profiled histogram.</param>
    /// <param name="targetParents">P′.</param>
    /// <param name="targetChildren">C′.</param>
    /// <param name="growth">The growth model.</param>
    /// <param name="pair">For a foreign key of a key made of two foreign keys, the other side's parent counts: its
    /// target rows cap every fan-out, in the reference itself (mass above moves to the cap), and where the other side
    /// shrinks and the links are denser than the product of the factors, <see cref="PairDensity"/> decides the law.</param>
    /// <param name="clusters">The fan-out's cluster paths with their ancestors' growth, or null: growing under
    /// <see cref="FanOutGrowth.Sample"/> along a path whose ancestor grows as the child does deconvolves a thinning of
    /// clusters (<see cref="ClusteredThinning"/>) instead of one of children.</param>
    /// <param name="minimum">The declared minimum fan-out (<see cref="ForeignKeyProfile.MinChildren"/>): a reference with
    /// fan-outs below it is kept at or above it by <see cref="FanOutMinimum.Apply"/>; 0 for none.</param>
    public static FanOutBin[] For(IReadOnlyList<FanOutBin> histogram, long targetParents, long targetChildren,
        FanOutGrowth growth = FanOutGrowth.Sample, PairSide? pair = null, ClusterContext? clusters = null, int minimum = 0)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var reference = Uncapped(histogram, targetParents, targetChildren, growth, pair, clusters, minimum);
        var capped = pair is { TargetParents: >= 0 } side && reference.Length > 0 && reference[^1].Children > side.TargetParents
            ? Merge(reference.Select(b => (Math.Min(b.Children, side.TargetParents), b.Parents)))
            : reference;
        return FanOutMinimum.Apply(capped, minimum, targetParents, targetChildren);
    }

    private static FanOutBin[] Uncapped(IReadOnlyList<FanOutBin> histogram, long targetParents, long targetChildren,
        FanOutGrowth growth, PairSide? pair, ClusterContext? clusters, int minimum)
    {
        long parents = 0;
        Int128 children = 0;
        foreach (var b in histogram)
        {
            if (b.Parents > 0 && b.Children >= 0)
            {
                parents += b.Parents;
                children += (Int128)b.Children * b.Parents;
            }
        }

        if (parents == 0 || children == 0 || targetParents <= 0 || targetChildren < 0
            || (Int128)targetChildren * parents == children * targetParents)
            return Merge(histogram.Select(b => (b.Children, b.Parents)));
        var num = (Int128)targetChildren * parents;
        var den = children * targetParents;
        if (growth == FanOutGrowth.Sample && pair is { } side && PairDensity.Applies(side, (double)num / (double)den))
        {
            var bins = histogram.Where(b => b.Parents > 0 && b.Children >= 0).Select(b => (b.Children, b.Parents)).ToList();
            return InResolution(PairDensity.Saturate(bins, side, (double)targetChildren / targetParents));
        }

        if (SameScaleUpToRounding(parents, children, targetParents, targetChildren))
        {
            // parent and child kept one factor and only rounding moved the ratio: round each fan-out (half up), which
            // leaves every k with k·|r − 1| < ½ where it is, so ×2.5 reproduces the histogram itself
            return Merge(histogram.Select(b => ((long)((2 * b.Children * num + den) / (2 * den)), b.Parents)));
        }

        // fewer than FewParents parents grown: no law can be told from so few thinned counts (Chinook's 8 employees seen
        // through 6 customers: NPMLE 0.375, negative binomial 0.500, stretch 0.125), so each parent's own count is multiplied
        if (growth == FanOutGrowth.Sample && !(num > den && parents < FewParents))
        {
            var ratio = (double)num / (double)den;
            // children kept a cluster at a time (an invoice's lines one artist at a time): thin the clusters instead
            if (clusters?.Choose(ratio) is { } path
                && ClusteredThinning.Grow(path, 1 / ratio, parents, (long)children, minimum > 0 ? 1 : 0) is { } clustered)
                return InResolution(clustered);
            return Model(histogram, ratio, minimum);
        }

        // k·r = k·num/den: ⌊k·num/den⌋ plus a remainder rem/den; n·rem/den parents (half up) go one higher
        return Merge(histogram.SelectMany(b =>
        {
            var scaled = b.Children * num;
            var low = (long)(scaled / den);
            var rem = scaled - (Int128)low * den;
            var up = (long)((2 * b.Parents * rem + den) / (2 * den));
            return new[] { (low, b.Parents - up), (low + 1, up) };
        }));
    }

    /// <summary>
    /// Whether one factor s explains both target counts up to rounding: |P′ − s·P| ≤ ½ and |C′ − s·C| ≤ ½ for some s
    /// (in integers: the intervals [(2P′−1)·C, (2P′+1)·C] and [(2C′−1)·P, (2C′+1)·P] of 2·s·P·C overlap).
    /// </summary>
    private static bool SameScaleUpToRounding(long parents, Int128 children, long targetParents, long targetChildren)
    {
        var lowA = (2 * (Int128)targetParents - 1) * children;
        var highA = (2 * (Int128)targetParents + 1) * children;
        var lowB = (2 * (Int128)targetChildren - 1) * parents;
        var highB = (2 * (Int128)targetChildren + 1) * parents;
        return Int128.Max(lowA, lowB) <= Int128.Min(highA, highB);
    }

    /// <summary>The histogram with every fan-out k stretched to k·<paramref name="ratio"/>, split between the two
    /// neighbouring whole fan-outs as <see cref="For"/> does.</summary>
    public static FanOutBin[] Stretch(IReadOnlyList<FanOutBin> histogram, double ratio)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (!(ratio > 0) || double.IsInfinity(ratio))
            ratio = 1;
        return Merge(histogram.SelectMany(b =>
        {
            var x = b.Children * ratio;
            var low = (long)Math.Floor(x);
            var up = (long)Math.Floor(b.Parents * (x - low) + 0.5);
            return new[] { (low, b.Parents - up), (low + 1, up) };
        }));
    }

    /// <summary>Whether <see cref="For"/> gives anything but the profiled histogram itself for these target counts.</summary>
    public static bool Moves(IReadOnlyList<FanOutBin> histogram, long targetParents, long targetChildren)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var reference = For(histogram, targetParents, targetChildren, FanOutGrowth.Stretch);
        return !reference.SequenceEqual(Merge(histogram.Select(b => (b.Children, b.Parents))));
    }

    // the thinning model at ratio r, in ModelResolution whole parents; growth deconvolves at or above a declared minimum
    private static FanOutBin[] Model(IReadOnlyList<FanOutBin> histogram, double ratio, int minimum)
    {
        var bins = histogram.Where(b => b.Parents > 0 && b.Children >= 0).Select(b => (b.Children, b.Parents)).ToList();
        return InResolution(ratio > 1
            ? Grown(bins, 1 / ratio, minimum)
            : BinomialThinning.Thin([.. bins.Select(b => (b.Children, (double)b.Parents))], ratio));
    }

    // a law (fan-out, probability) in ModelResolution whole parents (largest remainders, ties to the smaller fan-out)
    private static FanOutBin[] InResolution((long[] Support, double[] Weights) law) => InParents(law, ModelResolution);

    /// <summary>A law (fan-out, weight) in <paramref name="parents"/> whole parents: largest remainders, ties to the smaller
    /// fan-out, empty bins dropped.</summary>
    internal static FanOutBin[] InParents((long[] Support, double[] Weights) law, long parents)
    {
        var (support, weights) = law;
        var sum = weights.Sum();
        var counts = new long[support.Length];
        var remainders = new (double Remainder, int Index)[support.Length];
        long given = 0;
        for (var i = 0; i < support.Length; i++)
        {
            var exact = weights[i] / sum * parents;
            counts[i] = (long)Math.Floor(exact);
            given += counts[i];
            remainders[i] = (exact - counts[i], i);
        }

        foreach (var (_, i) in remainders.OrderByDescending(x => x.Remainder).ThenBy(x => x.Index).Take((int)(parents - given)))
            counts[i]++;
        return Merge(support.Select((k, i) => (k, counts[i])));
    }

    private static (long[] Support, double[] Weights) Grown(List<(long Children, long Parents)> bins, double keep, int minimum)
    {
        var (support, weights, _) = FanOutDeconvolution.Grow(bins, keep, minimum);
        return (support, weights);
    }

    private static FanOutBin[] Merge(IEnumerable<(long Children, long Parents)> bins) =>
        [.. bins.Where(b => b.Parents > 0 && b.Children >= 0)
            .GroupBy(b => b.Children)
            .Select(g => new FanOutBin(g.Key, g.Sum(b => b.Parents)))
            .OrderBy(b => b.Children)];
}
