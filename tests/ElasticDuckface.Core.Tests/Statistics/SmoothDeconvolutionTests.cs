using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using Xunit.Abstractions;

namespace ElasticDuckface.Core.Tests.Statistics;

public class SmoothDeconvolutionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("zero-inflated heavy tail (20% none, else Poisson(8·lognormal σ 1.5))", 0.06)]
    [InlineData("heavy tail (discretised lognormal μ 1.5, σ 1.2)", 0.09)]
    public void Heavy_tails_seen_through_a_tenth_grow_back_closer_with_the_smooth_law(string name, double worst)
    {
        // eight independent draws of the truth, each thinned ×10: the law chosen now (NPMLE, negative binomial or the
        // smooth exponential family, by BIC) against the choice of session 6 (NPMLE or negative binomial)
        var now = new List<double>();
        var before = new List<double>();
        for (var seed = 0; seed < 8; seed++)
        {
            var truth = GroundTruth.All(100 + seed).Single(t => t.Name == name);
            var thinned = truth.Thin(0.1, seed);
            var bins = thinned.Select(b => (b.Children, b.Parents)).ToList();
            var (support, weights, chosen) = FanOutDeconvolution.Grow(bins, 0.1);
            now.Add(Ks(support, weights, truth));
            before.Add(Ks(SessionSix(bins), truth));
            output.WriteLine($"draw {seed}: now {now[^1]:0.000} ({chosen}), before {before[^1]:0.000}");
        }

        output.WriteLine($"worst now {now.Max():0.000}, before {before.Max():0.000}; mean now {now.Average():0.000}, before {before.Average():0.000}");
        Assert.True(now.Max() <= worst, $"worst KS {now.Max():0.000}");
        Assert.True(now.Average() < before.Average());
        Assert.True(now.Max() < before.Max());
    }

    [Fact]
    public void The_smooth_law_is_a_distribution_with_a_free_mass_at_zero()
    {
        var truth = GroundTruth.All(3).Single(t => t.Name.StartsWith("zero-inflated heavy", StringComparison.Ordinal));
        var (support, weights, logLikelihood) = SmoothDeconvolution.Fit([.. truth.Thin(0.1, 3).Select(b => (b.Children, b.Parents))], 0.1);
        Assert.Equal(1, weights.Sum(), 9);
        Assert.All(weights, w => Assert.True(w > 0));
        Assert.True(logLikelihood < 0);
        // the truth has 20% (+ the Poisson zeros) without a child; the spike lets the law put about that much at zero
        var zero = weights[Array.IndexOf(support, 0L)];
        var truthZero = truth.Truth.Where(b => b.Children == 0).Sum(b => b.Parents) / (double)truth.Parents;
        Assert.InRange(zero, truthZero - 0.08, truthZero + 0.08);
    }

    // session 6's rule: the NPMLE or the negative binomial, by BIC
    private static (long[] Support, double[] Weights) SessionSix(List<(long Children, long Parents)> bins)
    {
        var (support, weights, npmle) = BinomialThinning.DeconvolveWithLikelihood(bins, 0.1);
        var nb = NegativeBinomialFit.Fit([.. bins.Select(b => (b.Children, (double)b.Parents))]);
        var perParameter = Math.Log(bins.Sum(b => b.Parents));
        var peaks = Enumerable.Range(0, weights.Length).Count(i => weights[i] > 1e-6 * weights.Max()
            && weights[i] >= (i > 0 ? weights[i - 1] : 0) && weights[i] > (i + 1 < weights.Length ? weights[i + 1] : 0));
        return perParameter * 2 - 2 * nb.LogLikelihood > perParameter * (2 * Math.Max(1, peaks) - 1) - 2 * npmle
            ? (support, weights)
            : nb.Unthinned(0.1, nb.Top(0.1));
    }

    private static double Ks((long[] Support, double[] Weights) law, GroundTruth truth) => Ks(law.Support, law.Weights, truth);

    private static double Ks(long[] support, double[] weights, GroundTruth truth) =>
        FanOutDistance.KolmogorovSmirnov(
            [.. support.Select((k, i) => new FanOutBin(k, (long)Math.Round(weights[i] * 1e9))).Where(b => b.Parents > 0)], truth.Truth);
}
