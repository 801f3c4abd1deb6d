using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Privacy;

/// <summary>
/// A foreign key's fan-out under differential privacy: the cumulative counts (parents with at least k children, k from 1
/// to the next power of two above the largest fan-out) get noise, and post-processing makes the result agree with the
/// noisy tables: the bins hold exactly the parent table's rows and their children exactly the child rows whose reference
/// is not NULL.
/// </summary>
internal static class NoisyFanOut
{
    /// <summary>Fan-outs above this count as this many before the noise (the stretch to the child rows restores the mean).</summary>
    private const int MaxDomain = 1 << 16;

    /// <summary>
    /// The noisy fan-out of <paramref name="s"/> (built anew from the noisy bins, so without
    /// <see cref="FanOutStatistics.Clusters"/>: their counts are not released under differential privacy, and growth then
    /// thins children independently), for a parent table of <paramref name="parents"/> noisy rows and a child table of
    /// <paramref name="childTableRows"/> true and <paramref name="children"/> noisy rows.
    /// </summary>
    public static FanOutStatistics Apply(FanOutStatistics s, long childTableRows, long parents, long children, bool nullable,
        bool unique, StatisticNoise noise)
    {
        var nulls = nullable ? noise.Count(Math.Round(s.NullFraction * childTableRows)) : 0;
        var domain = unique ? 1 : (int)Math.Min(MaxDomain, NextPowerOfTwo(s.Max + 1));
        if (s.ByParentState is { } state)
        {
            // the parents of each side: the parent table's noisy rows split as the side's parents (one more count each)
            var (pSet, pUnset) = (noise.Count(state.Set.ParentRows), noise.Count(state.Unset.ParentRows));
            var parentsSet = pSet + pUnset > 0 ? (long)Math.Round(parents * pSet / (pSet + pUnset)) : 0;
            var set = Noisy(state.Set.Histogram, domain, parentsSet, noise);
            var unset = Noisy(state.Unset.Histogram, domain, parents - parentsSet, noise);
            var referenced = ChildrenOf(set) + ChildrenOf(unset);
            var target = Children(children, nulls, referenced, parents, unique);
            var childrenSet = referenced > 0 ? (long)Math.Round(target * ChildrenOf(set) / referenced) : 0;
            var setSide = Consistent(set, parentsSet, Math.Min(childrenSet, target), unique);
            var unsetSide = Consistent(unset, parents - parentsSet, target - Math.Min(childrenSet, target), unique);
            var all = Merge(setSide, unsetSide);
            return Statistics(all, parents, children) with
            {
                ByParentState = state with { Set = Side(setSide), Unset = Side(unsetSide) },
            };
        }

        var bins = Noisy(s.Histogram, domain, parents, noise);
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

    /// <summary>
    /// The noisy bins (index k: parents with k children, fractional) over <paramref name="parents"/> noisy parents: the
    /// counts c_k of parents with at least k children (k ≥ 1) get noise; one child row more or less moves one parent from
    /// k to k ± 1 and so changes one c_k by 1 (sensitivity 1). Isotonic regression makes them non-increasing again (the
    /// noise of a long run of equal counts averages out), and the bins are their differences (Hay et al. 2010).
    /// </summary>
    private static double[] Noisy(IReadOnlyList<FanOutBin> histogram, int domain, long parents, StatisticNoise noise)
    {
        var atLeast = new double[domain + 2];
        foreach (var b in histogram.Where(b => b.Children > 0))
            atLeast[Math.Min(b.Children, domain)] += b.Parents;
        for (var k = domain - 1; k >= 1; k--)
            atLeast[k] += atLeast[k + 1];
        var noisy = new double[domain];
        for (var k = 1; k <= domain; k++)
            noisy[k - 1] = atLeast[k] + noise.Next();
        var fitted = NonIncreasing(noisy);
        var bins = new double[domain + 1];
        double previous = parents;
        for (var k = 1; k <= domain; k++)
        {
            var c = Math.Clamp(fitted[k - 1], 0, previous);
            bins[k - 1] = previous - c;
            previous = c;
        }

        bins[domain] = previous;
        return bins;
    }

    /// <summary>The non-increasing sequence closest to <paramref name="y"/> in least squares (pool adjacent violators).</summary>
    internal static double[] NonIncreasing(double[] y)
    {
        var means = new List<double>();
        var sizes = new List<int>();
        foreach (var v in y)
        {
            means.Add(v);
            sizes.Add(1);
            while (means.Count > 1 && means[^2] < means[^1])
            {
                var n = sizes[^2] + sizes[^1];
                var m = (means[^2] * sizes[^2] + means[^1] * sizes[^1]) / n;
                means.RemoveAt(means.Count - 1);
                sizes.RemoveAt(sizes.Count - 1);
                (means[^1], sizes[^1]) = (m, n);
            }
        }

        var result = new double[y.Length];
        var i = 0;
        for (var b = 0; b < means.Count; b++)
        {
            for (var j = 0; j < sizes[b]; j++)
                result[i++] = means[b];
        }

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
