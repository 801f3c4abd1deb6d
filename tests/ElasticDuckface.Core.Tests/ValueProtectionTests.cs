using ElasticDuckface.Privacy;

namespace ElasticDuckface.Core.Tests;

public sealed class ValueProtectionTests
{
    [Fact]
    public void Quantiles_end_at_the_kth_smallest_and_largest_value_coarsened()
    {
        var values = Enumerable.Range(1, 200).Select(i => i * 1.23456).ToArray();
        var q = ValueProtection.NumericQuantiles(values, 101, k: 10);
        Assert.Equal(101, q.Length);
        Assert.Equal(12.3, q[0]);   // 10th smallest 12.3456
        Assert.Equal(236, q[^1]);   // 10th largest 191 × 1.23456 = 235.80...
        Assert.All(q, x => Assert.Equal(x, ValueProtection.Round(x)));
    }

    [Fact]
    public void With_k_of_1_quantiles_are_exact() =>
        Assert.Equal([1.5, 2.5], ValueProtection.NumericQuantiles([2.5, 1.5], 101, k: 1));

    [Fact]
    public void Fewer_than_2k_minus_1_values_give_a_coarse_range_outward()
    {
        Assert.Equal([30, 90], ValueProtection.NumericQuantiles([37.2, 85.1, 41], 101, k: 10));
        Assert.Equal([-0.5, 0.3], ValueProtection.NumericQuantiles([-0.41, 0.21], 101, k: 10));
        Assert.Equal([5, 10], ValueProtection.NumericQuantiles([7, 9], 21, k: 10, coarsen: false));
    }

    [Fact]
    public void Dates_are_floored_to_their_month_and_small_sets_to_whole_years()
    {
        var many = Enumerable.Range(0, 50).Select(i => new DateTime(2020, 1, 3, 10, 11, 12).AddDays(i * 3)).ToArray();
        var q = ValueProtection.DateTimeQuantiles(many, 101, k: 10);
        Assert.Equal(new DateTime(2020, 1, 1), q[0]);   // 10th smallest: 2020-01-30
        Assert.Equal(new DateTime(2020, 5, 1), q[^1]);  // 10th largest: 2020-05-02
        Assert.All(q, t => Assert.Equal(ValueProtection.Month(t), t));
        Assert.Equal([new DateTime(1962, 1, 1), new DateTime(1974, 1, 1)],
            ValueProtection.DateTimeQuantiles([new DateTime(1962, 2, 18), new DateTime(1973, 8, 29)], 101, k: 10));
    }
}
