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
    /// <param name="histogram">The thinned histogram.</param>
    /// <param name="keep">q.</param>
    /// <param name="minimum">A declared least fan-out of the law, 0 for none: where the law chosen without it puts mass
    /// below it, the better by BIC of the NPMLE over the laws at or above it and the minimum plus a negative binomial
    /// (ADR 0006, "A declared minimum").</param>
    public static (long[] Support, double[] Weights, Estimator Chosen) Grow(IReadOnlyList<(long Children, long Parents)> histogram,
        double keep, long minimum = 0)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var kernel = ThinningKernel.For(histogram, keep);
        var free = GrowFree(histogram, kernel, keep);
        // refitted only where the sample itself has parents below the minimum, which the thinning must then explain; where
        // it has none, the free law's little mass below is its smoothness, which the reference's raise removes (refitting
        // such a law doubled Chinook's Track→Album KS: ADR 0006, "A declared minimum")
        if (minimum <= 0 || free.Support.Length == 0 || free.Support[0] >= minimum
            || !histogram.Any(b => b.Parents > 0 && b.Children >= 0 && b.Children < minimum))
            return free;
        var bins = histogram.Where(b => b.Parents > 0 && b.Children >= 0).Select(b => (b.Children, (double)b.Parents)).ToList();
        var perParameter = Math.Log(Math.Max(2, bins.Sum(b => b.Item2)));
        var nb = NegativeBinomialFit.FitShifted(bins, minimum, keep);
        var nbCriterion = nb.Mean > 0 ? perParameter * 2 - 2 * nb.LogLikelihood : double.PositiveInfinity;
        // the NPMLE's EM is given up where the NB has clearly won, as for the free laws
        var npmle = BinomialThinning.DeconvolveWithLikelihood(kernel,
            (w, bound) => ClearlyBeaten(kernel, w, bound, perParameter, nbCriterion), minimum);
        if (npmle is { } fit && !(nbCriterion < perParameter * (2 * Peaks(fit.Weights) - 1) - 2 * fit.LogLikelihood))
            return (fit.Support, fit.Weights, Estimator.Npmle);
        var (s, w) = nb.Unthinned(keep, nb.Top(keep));
        return ([.. s.Select(x => x + minimum)], w, Estimator.NegativeBinomial);
    }

    // the law without a minimum: the NPMLE, the NB or the smooth law by BIC, on the kernel Grow built
    private static (long[] Support, double[] Weights, Estimator Chosen) GrowFree(IReadOnlyList<(long Children, long Parents)> histogram,
        ThinningKernel kernel, double keep)
    {
        var bins = histogram.Where(b => b.Parents > 0 && b.Children >= 0).Select(b => (b.Children, (double)b.Parents)).ToList();
        var nb = NegativeBinomialFit.Fit(bins);
        if (!(nb.Mean > 0))
        {
            var (npmleSupport, npmleWeights, _) = BinomialThinning.DeconvolveWithLikelihood(kernel);
            return (npmleSupport, npmleWeights, Estimator.Npmle);
        }

        // the smooth law and the negative binomial first, one after the other (each fit is sequential, so the result does
        // not depend on the cores): their criteria let the NPMLE's EM stop where it is clearly beaten
        var (smoothSupport, smoothWeights, smoothLikelihood) = SmoothDeconvolution.Fit(kernel);
        // BIC: ln N per parameter (AIC's 2 kept the NPMLE on a thinned Poisson(3), KS 0.19 against the NB's 0.02)
        var perParameter = Math.Log(Math.Max(2, bins.Sum(b => b.Item2)));
        var nbCriterion = perParameter * 2 - 2 * nb.LogLikelihood;
        var smoothCriterion = smoothSupport.Length == 0 ? double.PositiveInfinity
            : perParameter * (SmoothDeconvolution.Degree + 1) - 2 * smoothLikelihood;
        var rival = Math.Min(nbCriterion, smoothCriterion);
        var npmle = BinomialThinning.DeconvolveWithLikelihood(kernel, (w, bound) => ClearlyBeaten(kernel, w, bound, perParameter, rival));
        if (npmle is { Support.Length: 0 } none)
            return (none.Support, none.Weights, Estimator.Npmle);
        // an EM given up has a criterion above the rival's, which leaves the same choice as +∞
        var npmleCriterion = npmle is { } fit
            ? perParameter * (2 * Peaks(fit.Weights) - 1) - 2 * fit.LogLikelihood
            : double.PositiveInfinity;
        if (smoothCriterion < npmleCriterion && smoothCriterion < nbCriterion)
            return (smoothSupport, smoothWeights, Estimator.Smooth);
        if (nbCriterion > npmleCriterion && npmle is { } chosen)
            return (chosen.Support, chosen.Weights, Estimator.Npmle);
        var (s, w) = nb.Unthinned(keep, nb.Top(keep));
        return (s, w, Estimator.NegativeBinomial);
    }

    // whether the NPMLE, still in its EM, has clearly lost the BIC: even with half its current atoms (the peak count moves
    // by half from one SQUAREM cycle to the next before it settles) and the upper bound on its log-likelihood, its
    // criterion is more than one atom's 2·ln N above the best of the others. Where it has, the remaining evaluations
    // could only change a law that is not used.
    internal static bool ClearlyBeaten(ThinningKernel kernel, double[] w, double bound, double perParameter, double rival)
    {
        if (double.IsInfinity(bound) || double.IsInfinity(rival))
            return false;
        var (_, weights) = kernel.OnGrid(w);
        var atoms = (Peaks(weights) + 1) / 2;
        return perParameter * (2 * atoms - 1) - 2 * bound > rival + (2 * perParameter);
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
