namespace ElasticDuckface.Statistics;

/// <summary>
/// A law of clusters per parent with at least one cluster each: M = 1 + N, N ~ NB(a, μ), fitted by maximum likelihood on
/// the clusters a thinning kept (M′ | M ~ Binomial(M, q), so M′ = Bernoulli(q) + NB(a, qμ), the two independent).
/// </summary>
/// <remarks>Why (docs/adr/0006-fan-out-growth.md, "Clustered thinning"): seen through q = 1/10, a parent of one cluster
/// shows none 90% of the time, so "no cluster" and "one cluster" are nearly one likelihood apart, and the estimators of
/// <see cref="FanOutDeconvolution"/> put the parents that showed none partly at zero (Chinook's invoices along Artist: 39%
/// and more at zero where D has none). This candidate says "every parent has a cluster"; the information criterion weighs it
/// against the unrestricted law, so real zeros (products never sold) keep theirs.</remarks>
internal readonly record struct ShiftedNegativeBinomialFit(double Shape, double Mean, double LogLikelihood)
{
    private const double MinLogShape = -7;
    private const double MaxLogShape = 14;

    /// <summary>The fit on the thinned bins (clusters kept, parents) with keep probability <paramref name="keep"/>; null when
    /// the kept clusters are too few for every parent to have one (mean M′ ≤ q).</summary>
    public static ShiftedNegativeBinomialFit? Fit(IReadOnlyList<(long Y, double N)> bins, double keep)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var total = bins.Sum(b => b.N);
        var meanKept = total > 0 ? bins.Sum(b => b.Y * b.N) / total : 0;
        // E[M′] = q·(1 + μ): the moment estimate of μ, as the NB fit takes the histogram's mean
        var mean = meanKept / keep - 1;
        if (!(mean > 1e-9) || !(keep is > 0 and < 1))
            return null;
        double Profile(double logShape) => LogLikelihoodOf(bins, keep, Math.Exp(logShape), mean);
        var (best, bestValue) = (MinLogShape, double.NegativeInfinity);
        const int steps = 84;
        for (var i = 0; i <= steps; i++)
        {
            var x = MinLogShape + (MaxLogShape - MinLogShape) * i / steps;
            if (Profile(x) is var v && v > bestValue)
                (best, bestValue) = (x, v);
        }

        return double.IsFinite(bestValue) ? new ShiftedNegativeBinomialFit(Math.Exp(best), mean, bestValue) : null;
    }

    /// <summary>The law of M (before thinning) on the negative binomial's grid shifted by one.</summary>
    public (long[] Support, double[] Weights) Unthinned()
    {
        var n = new NegativeBinomialFit(Shape, Mean, 0);
        var (support, weights) = n.Unthinned(1, n.Top(1));
        return ([.. support.Select(x => x + 1)], weights);
    }

    private static double LogLikelihoodOf(IReadOnlyList<(long Y, double N)> bins, double keep, double shape, double mean)
    {
        var sum = 0.0;
        foreach (var (y, n) in bins)
        {
            if (n <= 0)
                continue;
            // P(y) = (1 − q)·f(y) + q·f(y − 1), f the thinned NB(a, qμ)
            var stay = Math.Log(1 - keep) + NegativeBinomialFit.LogPmf(y, shape, keep * mean);
            var one = y >= 1 ? Math.Log(keep) + NegativeBinomialFit.LogPmf(y - 1, shape, keep * mean) : double.NegativeInfinity;
            var max = Math.Max(stay, one);
            sum += n * (max + Math.Log(Math.Exp(stay - max) + Math.Exp(one - max)));
        }

        return sum;
    }
}
