using ElasticDuckface.Statistics;

namespace ElasticDuckface.Core.Tests;

public sealed class PearsonCorrelationTests
{
    private static double FromPairs((double X, double Y)[] pairs) => PearsonCorrelation.FromSums(
        pairs.Length, pairs.Sum(p => p.X), pairs.Sum(p => p.Y), pairs.Sum(p => p.X * p.X), pairs.Sum(p => p.Y * p.Y), pairs.Sum(p => p.X * p.Y));

    [Fact]
    public void Pearson_from_sums_equals_the_two_pass_formula()
    {
        var pairs = Enumerable.Range(0, 500).Select(i => ((double)(i % 17), (double)((i * 7 % 23) + (i % 17)))).ToArray();
        var mx = pairs.Average(p => p.Item1);
        var my = pairs.Average(p => p.Item2);
        var expected = pairs.Sum(p => (p.Item1 - mx) * (p.Item2 - my))
            / Math.Sqrt(pairs.Sum(p => (p.Item1 - mx) * (p.Item1 - mx)) * pairs.Sum(p => (p.Item2 - my) * (p.Item2 - my)));
        Assert.Equal(expected, FromPairs(pairs), 12);
    }

    [Fact]
    public void Pearson_is_one_for_a_linear_relation_minus_one_for_a_decreasing_one_and_zero_for_a_constant()
    {
        Assert.Equal(1, FromPairs([(1, 3), (2, 5), (3, 7)]), 12);
        Assert.Equal(-1, FromPairs([(1, 3), (2, 1), (3, -1)]), 12);
        Assert.Equal(0, FromPairs([(1, 4), (2, 4), (3, 4)]));
        Assert.Equal(0, FromPairs([(1, 4)]));
        Assert.Equal(0, PearsonCorrelation.FromSums(0, 0, 0, 0, 0, 0));
    }
}
