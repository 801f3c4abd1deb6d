namespace ElasticDuckface.Statistics;

/// <summary>
/// The fan-out law before a binomial thinning, from the thinned histogram: the NPMLE of
/// <see cref="BinomialThinning.Deconvolve"/> or the negative binomial of <see cref="NegativeBinomialFit"/>, whichever
/// the histogram supports better by the Bayesian information criterion (docs/adr/0006-fan-out-growth.md, "Choosing the estimator").
/// </summary>
/// <remarks>
/// The NPMLE is the best fit there is (the likelihood's maximum over every mixing law), but it is discrete: a few atoms
/// where the data cannot tell the parents apart, which costs KS when the truth is smooth (a Poisson seen at a tenth) or
/// the parents are few. The negative binomial is smooth and closed under thinning. BIC weighs the NPMLE's extra
/// likelihood against its parameters (ln N each, N the parents ; an atom's place and weight, counted per peak of the fitted
/// weights, since EM leaves each atom spread over neighbouring grid points): where the NPMLE's atoms explain the histogram much better (a
/// one-to-one link, a mixture of distinct groups) it stays; where they only chase the noise, the smooth law is used.
/// </remarks>
internal static class FanOutDeconvolution
{
    /// <summary>Which estimator <see cref="Grow"/> chose.</summary>
    public enum Estimator
    {
        Npmle,
        NegativeBinomial,
        Smooth,
    }

    /// <summary>The law before thinning with keep probability <paramref name="keep"/>, as (fan-out, probability).</summary>
    public static (long[] Support, double[] Weights, Estimator Chosen) Grow(IReadOnlyList<(long Children, long Parents)> histogram,
        double keep)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var kernel = ThinningKernel.For(histogram, keep);
        var bins = histogram.Where(b => b.Parents > 0 && b.Children >= 0).Select(b => (b.Children, (double)b.Parents)).ToList();
        // the three fits only read the kernel and are independent: the NPMLE on one core, the others on a second where
        // there is one (Parallel.Invoke runs both here when not); each is sequential, so the result is the same
        (long[] Support, double[] Weights, double LogLikelihood) npmle = ([], [], 0), smooth = ([], [], 0);
        NegativeBinomialFit nb = default;
        Parallel.Invoke(
            () => npmle = BinomialThinning.DeconvolveWithLikelihood(kernel),
            () =>
            {
                nb = NegativeBinomialFit.Fit(bins);
                smooth = nb.Mean > 0 ? SmoothDeconvolution.Fit(kernel) : ([], [], 0);
            });
        var (support, weights, npmleLikelihood) = npmle;
        if (!(nb.Mean > 0) || support.Length == 0)
            return (support, weights, Estimator.Npmle);
        var (smoothSupport, smoothWeights, smoothLikelihood) = smooth;
        // BIC: ln N per parameter (AIC's 2 kept the NPMLE on a thinned Poisson(3), KS 0.19 against the NB's 0.02)
        var perParameter = Math.Log(Math.Max(2, bins.Sum(b => b.Item2)));
        var npmleCriterion = perParameter * (2 * Peaks(weights) - 1) - 2 * npmleLikelihood;
        var nbCriterion = perParameter * 2 - 2 * nb.LogLikelihood;
        var smoothCriterion = smoothSupport.Length == 0 ? double.PositiveInfinity
            : perParameter * (SmoothDeconvolution.Degree + 1) - 2 * smoothLikelihood;
        if (smoothCriterion < npmleCriterion && smoothCriterion < nbCriterion)
            return (smoothSupport, smoothWeights, Estimator.Smooth);
        if (nbCriterion > npmleCriterion)
            return (support, weights, Estimator.Npmle);
        var (s, w) = nb.Unthinned(keep, nb.Top(keep));
        return (s, w, Estimator.NegativeBinomial);
    }

    // the local maxima of the weights over the grid: the NPMLE's atoms
    private static int Peaks(double[] weights)
    {
        var max = weights.Max();
        var peaks = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var left = i > 0 ? weights[i - 1] : 0;
            var right = i + 1 < weights.Length ? weights[i + 1] : 0;
            if (weights[i] > 1e-6 * max && weights[i] >= left && weights[i] > right)
                peaks++;
        }

        return Math.Max(1, peaks);
    }
}
