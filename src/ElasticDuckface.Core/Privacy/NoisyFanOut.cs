using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Privacy;

/// <summary>
/// A foreign key's fan-out under differential privacy: every bin of a fixed domain (0 to the next power of two above the
/// largest fan-out) gets noise, small noisy bins are cut (so empty bins stay empty), and post-processing makes the result
/// agree with the noisy tables: the bins hold exactly the parent table's rows and their children exactly the child rows
/// whose reference is not NULL.
/// </summary>
internal static class NoisyFanOut
{
    /// <summary>Bins beyond this many are not filled in: only the measured ones get noise (docs/privacy.md).</summary>
    private const int MaxDomain = 1 << 16;

    /// <summary>
    /// The noisy fan-out of <paramref name="s"/>, for a parent table of <paramref name="parents"/> noisy rows and a child
    /// table of <paramref name="childTableRows"/> true and <paramref name="children"/> noisy rows.
    /// </summary>
    public static FanOutStatistics Apply(FanOutStatistics s, long childTableRows, long parents, long children, bool nullable,
        bool unique, StatisticNoise noise)
    {
        var nulls = nullable ? noise.Count(Math.Round(s.NullFraction * childTableRows)) : 0;
        var domain = unique ? 2 : (int)Math.Min(MaxDomain, NextPowerOfTwo(s.Max + 1));
        if (s.ByParentState is { } state)
        {
            var (set, unset) = (Noisy(state.Set.Histogram, domain, noise), Noisy(state.Unset.Histogram, domain, noise));
            var referenced = ChildrenOf(set) + ChildrenOf(unset);
            var target = Children(children, nulls, referenced, parents, unique);
            var (pSet, pAll) = (set.Sum(), set.Sum() + unset.Sum());
            var parentsSet = pAll > 0 ? (long)Math.Round(parents * pSet / pAll) : 0;
            var childrenSet = referenced > 0 ? (long)Math.Round(target * ChildrenOf(set) / referenced) : 0;
            var setSide = Consistent(set, parentsSet, Math.Min(childrenSet, target), unique);
            var unsetSide = Consistent(unset, parents - parentsSet, target - Math.Min(childrenSet, target), unique);
            var all = Merge(setSide, unsetSide);
            return Statistics(all, parents, children) with
            {
                ByParentState = state with { Set = Side(setSide), Unset = Side(unsetSide) },
            };
        }

        var bins = Noisy(s.Histogram, domain, noise);
        var childRows = Children(children, nulls, ChildrenOf(bins), parents, unique);
        return Statistics(Consistent(bins, parents, childRows, unique), parents, children);
    }

    /// <summary>
    /// The child rows with a parent: the noisy child table less the share of NULL references, estimated from the noisy NULL
    /// count and the noisy histogram's children; never more than the parents can take when the reference is unique.
    /// </summary>
    private static long Children(long childTableRows, double nulls, double referenced, long parents, bool unique)
    {
        if (parents == 0)
            return 0;
        var nullShare = nulls + referenced > 0 ? nulls / (nulls + referenced) : 0;
        var target = (long)Math.Round(childTableRows * (1 - nullShare));
        return unique ? Math.Min(target, parents) : target;
    }

    private static double[] Noisy(IReadOnlyList<FanOutBin> histogram, int domain, StatisticNoise noise)
    {
        var size = Math.Max(domain, histogram.Count == 0 ? 1 : (int)Math.Min(int.MaxValue - 1, histogram[^1].Children + 1));
        var counts = new double[domain];
        foreach (var b in histogram.Where(b => b.Children < domain))
            counts[b.Children] = b.Parents;
        var noisy = counts.Select(c => noise.SparseCount(c, domain)).ToArray();
        // fan-outs beyond the domain (only above MaxDomain): their bins get noise as measured, nothing is filled in
        var beyond = histogram.Where(b => b.Children >= domain).Select(b => (b.Children, noise.SparseCount(b.Parents, domain)));
        return size == domain ? noisy : [.. noisy, .. Spread(beyond, domain, size)];
    }

    private static double[] Spread(IEnumerable<(long Children, double Parents)> bins, int from, int size)
    {
        var result = new double[size - from];
        foreach (var (k, p) in bins)
            result[k - from] = p;
        return result;
    }

    private static double ChildrenOf(double[] bins) => bins.Select((p, k) => p * k).Sum();

    /// <summary>
    /// Whole bins holding exactly <paramref name="parents"/> parents (largest remainders) and <paramref name="children"/>
    /// children: the fan-outs are stretched by children / current, then single parents move one child up or down, from the
    /// fullest bins, until the children add up.
    /// </summary>
    internal static SortedDictionary<long, long> Consistent(double[] noisy, long parents, long children, bool unique)
    {
        var bins = new SortedDictionary<long, long>();
        if (parents <= 0)
            return bins;
        var total = noisy.Sum();
        if (total <= 0)
        {
            // nothing survived the noise: every parent gets the mean
            Add(bins, children / parents, parents - children % parents);
            Add(bins, children / parents + 1, children % parents);
            return Prune(bins);
        }

        var exact = noisy.Select(p => p / total * parents).ToArray();
        var whole = exact.Select(Math.Floor).ToArray();
        var left = parents - (long)whole.Sum();
        foreach (var i in Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - whole[i]).ThenBy(i => i).Take((int)left))
            whole[i]++;
        var current = whole.Select((p, k) => p * k).Sum();
        // a unique reference stays 0 or 1: only single moves
        var stretch = unique ? 1 : current > 0 ? children / current : 0;
        for (var k = 0; k < whole.Length; k++)
        {
            if (whole[k] > 0)
                Add(bins, current > 0 ? (long)Math.Round(k * stretch) : 0, (long)whole[k]);
        }

        var have = bins.Sum(b => b.Key * b.Value);
        while (have != children)
        {
            var up = have < children;
            var from = bins.Where(b => b.Value > 0 && (up ? !unique || b.Key == 0 : b.Key > 0))
                .OrderByDescending(b => b.Value).ThenBy(b => b.Key).Select(b => b.Key).DefaultIfEmpty(-1).First();
            if (from < 0)
                break;
            bins[from]--;
            Add(bins, up ? from + 1 : from - 1, 1);
            have += up ? 1 : -1;
            Prune(bins);
        }

        return Prune(bins);
    }

    private static void Add(SortedDictionary<long, long> bins, long k, long parents) =>
        bins[k] = bins.GetValueOrDefault(k) + parents;

    private static SortedDictionary<long, long> Prune(SortedDictionary<long, long> bins)
    {
        foreach (var k in bins.Where(b => b.Value <= 0).Select(b => b.Key).ToList())
            bins.Remove(k);
        return bins;
    }

    private static SortedDictionary<long, long> Merge(SortedDictionary<long, long> a, SortedDictionary<long, long> b)
    {
        var all = new SortedDictionary<long, long>(a);
        foreach (var (k, p) in b)
            Add(all, k, p);
        return all;
    }

    private static FanOutStatistics Statistics(SortedDictionary<long, long> bins, long parents, long childTableRows)
    {
        var nonZero = bins.Where(b => b.Key > 0).Select(b => (b.Key, b.Value));
        return FanOutHistogram.Build(parents, childTableRows, nonZero);
    }

    private static StateFanOut Side(SortedDictionary<long, long> bins) =>
        FanOutHistogram.BuildSide(bins.Values.Sum(), bins.Where(b => b.Key > 0).Select(b => (b.Key, b.Value)));

    private static long NextPowerOfTwo(long n)
    {
        long p = 1;
        while (p < n)
            p <<= 1;
        return p;
    }
}
