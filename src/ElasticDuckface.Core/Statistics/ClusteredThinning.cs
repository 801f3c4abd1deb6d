using System.Numerics;
using ElasticDuckface.Profiles;
using MathNet.Numerics.IntegralTransforms;

namespace ElasticDuckface.Statistics;

/// <summary>
/// Growth of a fan-out whose children were kept or lost in clusters (docs/adr/0006-fan-out-growth.md, "Clustered
/// thinning"): a parent's X children are the sum of M clusters of iid sizes S (the children of the parent that share one
/// row of an ancestor, <see cref="FanOutClusters"/>), and the sample kept each cluster, whole, with probability q. So the
/// clusters a parent shows, M′ | M ~ Binomial(M, q), are a binomial thinning, deconvolved as the children are otherwise
/// (<see cref="FanOutDeconvolution.Grow"/>); the sizes of the kept clusters are a sample of S as they are; and the law of
/// X is the compound Σᵢ₌₁ᴹ Sᵢ, whose generating function is G_M(G_S(z)), evaluated on the unit circle by one FFT.
/// </summary>
/// <remarks>Independent thinning is the special case of clusters of one child; then nothing here is used, so a profile
/// without clusters (or with none larger than one child) grows exactly as before.</remarks>
internal static class ClusteredThinning
{
    /// <summary>The compound law is computed on at most this many fan-outs (a power of two); beyond, the children's own
    /// deconvolution is used.</summary>
    private const int MaxLength = 1 << 22;

    /// <summary>An ancestor counts as the dimension that was thinned when its growth over the parent's is within this
    /// factor of the child's.</summary>
    private const double RatioTolerance = 1.5;

    /// <summary>
    /// The path whose clusters were thinned at <paramref name="ratio"/>: of those whose ancestor grows against the parent
    /// as the child does (within <see cref="RatioTolerance"/>), the farthest ancestor (coarsest clusters: the sampled root
    /// of a chain keeps its descendants together), then the closest ratio, then by name; null when none.
    /// </summary>
    /// <param name="paths">The profiled cluster paths.</param>
    /// <param name="ratio">r, the child's growth over the parent's.</param>
    /// <param name="ancestorRatio">Per ancestor table, its growth over the parent's, or null when unknown.</param>
    public static FanOutClusters? Choose(IReadOnlyList<FanOutClusters>? paths, double ratio, Func<string, double?> ancestorRatio)
    {
        ArgumentNullException.ThrowIfNull(ancestorRatio);
        if (paths is null || !(ratio > 1))
            return null;
        return paths
            .Select(p => (Path: p, Ratio: ancestorRatio(p.Ancestor)))
            .Where(x => x.Ratio is > 0 && Math.Abs(Math.Log(x.Ratio.Value / ratio)) <= Math.Log(RatioTolerance))
            .OrderByDescending(x => x.Path.Via.Count)
            .ThenBy(x => Math.Abs(Math.Log(x.Ratio!.Value / ratio)))
            .ThenBy(x => x.Path.Ancestor, StringComparer.Ordinal)
            .Select(x => x.Path)
            .FirstOrDefault();
    }

    /// <summary>
    /// The law of X before a thinning of clusters with keep probability <paramref name="keep"/>, as (fan-out, probability),
    /// or null when the clusters do not apply: all of one child, inconsistent with the fan-out's histogram
    /// (<paramref name="parents"/>, <paramref name="children"/>), or too wide to compute.
    /// </summary>
    /// <param name="clusters">The profiled clusters.</param>
    /// <param name="keep">q.</param>
    /// <param name="parents">The histogram's parents.</param>
    /// <param name="children">The histogram's children.</param>
    /// <param name="minimumClusters">The fewest clusters every parent has (1 where a minimum fan-out is declared), 0 for none.</param>
    public static (long[] Support, double[] Weights)? Grow(FanOutClusters clusters, double keep, long parents, long children,
        long minimumClusters = 0)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var perParent = clusters.PerParent.Where(b => b.Parents > 0 && b.Children >= 0).Select(b => (b.Children, b.Parents)).ToList();
        var sizes = clusters.Sizes.Where(b => b.Parents > 0 && b.Children >= 1).Select(b => (b.Children, b.Parents)).ToList();
        if (sizes.Count == 0 || sizes.All(s => s.Children == 1) || !(keep is > 0 and < 1))
            return null;
        var count = sizes.Sum(s => s.Parents);
        if (perParent.Sum(b => b.Parents) != parents || perParent.Sum(b => b.Children * b.Parents) != count
            || sizes.Sum(s => s.Children * s.Parents) != children)
            return null;
        var (mSupport, mWeights, _) = FanOutDeconvolution.Grow(perParent, keep, minimumClusters);
        if (mSupport.Length == 0)
            return null;
        var top = (double)mSupport[^1] * sizes[^1].Children;
        if (top >= MaxLength)
            return null;
        var length = 1;
        while (length <= top)
            length <<= 1;
        return Compound(mSupport, mWeights, sizes, count, length);
    }

    // Σ_m G_M(m)·(S^{*m}) on 0..length−1: the size law's transform ŝ, then G_M(ŝ) per frequency, then back
    private static (long[] Support, double[] Weights) Compound(long[] mSupport, double[] mWeights,
        List<(long Children, long Parents)> sizes,
        long count, int length)
    {
        var transform = new Complex[length];
        foreach (var (size, n) in sizes)
            transform[size] += (double)n / count;
        Fourier.Forward(transform, FourierOptions.Matlab);
        var total = mWeights.Sum();
        for (var t = 0; t < length; t++)
        {
            var s = transform[t];
            Complex sum = 0, power = 1;
            long at = 0;
            for (var i = 0; i < mSupport.Length; i++)
            {
                var gap = mSupport[i] - at;
                power = gap == 1 ? power * s : gap == 0 ? power : power * Complex.Pow(s, gap);
                at = mSupport[i];
                sum += mWeights[i] / total * power;
            }

            transform[t] = sum;
        }

        Fourier.Inverse(transform, FourierOptions.Matlab);
        // the transform's rounding (~1e-16) is no mass: cut below 1e-13 so no fan-out far in the tail gets a parent
        var support = new List<long>();
        var weights = new List<double>();
        for (var x = 0; x < length; x++)
        {
            if (transform[x].Real > 1e-13)
            {
                support.Add(x);
                weights.Add(transform[x].Real);
            }
        }

        return ([.. support], [.. weights]);
    }
}
