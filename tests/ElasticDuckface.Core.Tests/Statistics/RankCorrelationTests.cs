using ElasticDuckface.Statistics;

namespace ElasticDuckface.Core.Tests.Statistics;

public class RankCorrelationTests
{
    [Fact]
    public void Spearman_uses_mid_ranks_for_ties()
    {
        // x ranks 1.5 1.5 3 4 5, y ranks 2 1 3.5 3.5 5: worked by hand, Pearson of the ranks = 0.9473684210526315
        Assert.Equal(0.9473684210526315, RankCorrelation.Spearman([0L, 0, 1, 2, 7], [1L, 0, 2, 2, 9]), 12);
        Assert.Equal(1, RankCorrelation.Spearman([1L, 2, 3], [10L, 20, 30]), 12);
        Assert.Equal(-1, RankCorrelation.Spearman([1L, 2, 3], [3L, 2, 1]), 12);
        Assert.Equal(0, RankCorrelation.Spearman([4L, 4, 4], [1L, 2, 3]));
    }

    [Fact]
    public void The_map_form_counts_the_parents_missing_from_both_maps_as_zeros()
    {
        var x = new Dictionary<string, long> { ["a"] = 3, ["b"] = 1, ["c"] = 2 };
        var y = new Dictionary<string, long> { ["a"] = 2, ["c"] = 5, ["d"] = 1 };
        // parents a, b, c, d and three more with no child at all
        var expected = RankCorrelation.Spearman([3L, 1, 2, 0, 0, 0, 0], [2L, 0, 5, 1, 0, 0, 0]);
        Assert.Equal(expected, RankCorrelation.Spearman(7, x, y), 12);
    }

    [Theory]
    [InlineData(0.09, 1_000_000, false)]  // under the floor of 0.1 whatever the parents
    [InlineData(0.12, 100_000, true)]
    [InlineData(0.12, 400, false)]        // 3/√399 = 0.15: within chance for 400 parents
    [InlineData(-0.2, 400, true)]
    [InlineData(0.9, 2, false)]
    public void A_pair_is_kept_when_strong_and_beyond_three_standard_errors(double rho, long parents, bool kept) =>
        Assert.Equal(kept, RankCorrelation.IsMeaningful(rho, parents));
}
