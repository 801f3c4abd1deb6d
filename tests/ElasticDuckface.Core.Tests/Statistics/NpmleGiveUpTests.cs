using ElasticDuckface.Statistics;

namespace ElasticDuckface.Core.Tests.Statistics;

public class NpmleGiveUpTests
{
    [Fact]
    public void The_bounds_the_EM_reports_lie_above_the_likelihood_it_reaches()
    {
        foreach (var truth in GroundTruth.All(3))
        {
            var kernel = ThinningKernel.For([.. truth.Thin(0.1, 3).Select(b => (b.Children, b.Parents))], 0.1);
            var bounds = new List<double>();
            var asked = BinomialThinning.DeconvolveWithLikelihood(kernel, (_, bound) =>
            {
                bounds.Add(bound);
                return false;
            });
            var plain = BinomialThinning.DeconvolveWithLikelihood(kernel);
            Assert.NotNull(asked);
            // asking without giving up leaves the EM as it was
            Assert.Equal(plain.Support, asked.Value.Support);
            Assert.Equal(plain.Weights, asked.Value.Weights);
            Assert.All(bounds, b => Assert.True(b >= plain.LogLikelihood - 1e-9 * Math.Abs(plain.LogLikelihood), truth.Name));
        }
    }

    [Fact]
    public void Giving_up_a_clearly_beaten_NPMLE_leaves_the_choice_and_the_law()
    {
        for (var seed = 0; seed < 3; seed++)
        {
            foreach (var truth in GroundTruth.All(100 + seed))
            {
                var bins = truth.Thin(0.1, seed).Select(b => (b.Children, b.Parents)).ToList();
                var (support, weights, chosen) = FanOutDeconvolution.Grow(bins, 0.1);
                var (fullSupport, fullWeights, fullChosen) = WithTheWholeEm(bins, 0.1);
                Assert.Equal(fullChosen, chosen);
                Assert.Equal(fullSupport, support);
                Assert.Equal(fullWeights, weights);
            }
        }
    }

    // FanOutDeconvolution.Grow's rule with the NPMLE's EM run to its end
    private static (long[] Support, double[] Weights, FanOutDeconvolution.Estimator Chosen) WithTheWholeEm(
        List<(long Children, long Parents)> bins, double keep)
    {
        var kernel = ThinningKernel.For(bins, keep);
        var (support, weights, npmle) = BinomialThinning.DeconvolveWithLikelihood(kernel);
        var nb = NegativeBinomialFit.Fit([.. bins.Select(b => (b.Children, (double)b.Parents))]);
        if (!(nb.Mean > 0))
            return (support, weights, FanOutDeconvolution.Estimator.Npmle);
        var (smoothSupport, smoothWeights, smooth) = SmoothDeconvolution.Fit(kernel);
        var perParameter = Math.Log(Math.Max(2, bins.Sum(b => b.Parents)));
        var peaks = Enumerable.Range(0, weights.Length).Count(i => weights[i] > 1e-6 * weights.Max()
            && weights[i] >= (i > 0 ? weights[i - 1] : 0) && weights[i] > (i + 1 < weights.Length ? weights[i + 1] : 0));
        var npmleCriterion = perParameter * (2 * Math.Max(1, peaks) - 1) - 2 * npmle;
        var nbCriterion = perParameter * 2 - 2 * nb.LogLikelihood;
        var smoothCriterion = perParameter * (SmoothDeconvolution.Degree + 1) - 2 * smooth;
        if (smoothCriterion < npmleCriterion && smoothCriterion < nbCriterion)
            return (smoothSupport, smoothWeights, FanOutDeconvolution.Estimator.Smooth);
        if (nbCriterion > npmleCriterion)
            return (support, weights, FanOutDeconvolution.Estimator.Npmle);
        var (s, w) = nb.Unthinned(keep, nb.Top(keep));
        return (s, w, FanOutDeconvolution.Estimator.NegativeBinomial);
    }
}
