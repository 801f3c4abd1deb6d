using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using ElasticDuckface.Verification;
using FsCheck;
using FsCheck.Fluent;

namespace ElasticDuckface.Core.Tests.Verification;

public sealed class DistributionDistanceTests
{
    private static readonly double[] Uniform0To100 = Enumerable.Range(0, 101).Select(i => (double)i).ToArray();

    [Fact]
    public void Identical_quantiles_are_at_distance_zero() =>
        Assert.Equal(0, DistributionDistance.QuantileKs(Uniform0To100, Uniform0To100));

    [Fact]
    public void A_point_mass_against_a_spread_distribution_is_almost_one_apart()
    {
        var ones = Enumerable.Repeat(1.0, 101).ToArray();
        var spread = Enumerable.Range(0, 101).Select(i => 1000.0 + (i * 3000)).ToArray();
        Assert.Equal(1, DistributionDistance.QuantileKs(spread, ones), 6);
    }

    [Fact]
    public void Half_shifted_uniform_is_half_apart()
    {
        var shifted = Uniform0To100.Select(x => x + 50).ToArray();
        Assert.Equal(0.5, DistributionDistance.QuantileKs(Uniform0To100, shifted), 6);
    }

    [Fact]
    public void Quantile_ks_is_symmetric_and_within_zero_and_one() =>
        Prop.ForAll(
            Gen.Choose(-50, 50).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            Gen.Choose(-50, 50).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            (a, b) =>
            {
                var qa = Quantiles.Compute(a.Select(x => (double)x), 21);
                var qb = Quantiles.Compute(b.Select(x => (double)x), 21);
                var d = DistributionDistance.QuantileKs(qa, qb);
                return d >= 0 && d <= 1 && Math.Abs(d - DistributionDistance.QuantileKs(qb, qa)) < 1e-12;
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Categorical_values_kept_by_one_side_only_fold_into_other()
    {
        var a = new CategoricalDistribution { Values = [new("x", 0.5), new("y", 0.3)], OtherFraction = 0.2 };
        // y fell below the privacy threshold in the target, so it is inside the target's "other"
        var b = new CategoricalDistribution { Values = [new("x", 0.5)], OtherFraction = 0.5 };
        Assert.Equal(0, DistributionDistance.CategoricalTotalVariation(a, b), 12);
        var c = new CategoricalDistribution { Values = [new("x", 0.9)], OtherFraction = 0.1 };
        Assert.Equal(0.4, DistributionDistance.CategoricalTotalVariation(a, c), 12);
    }

    [Fact]
    public void Categorical_values_the_profile_never_kept_are_one_apart_when_its_kept_values_cover_every_row()
    {
        // Track.UnitPrice set to 999, a TIME column set to midnight, a BIGINT column set to a new value: nothing shared
        static CategoricalDistribution Of(params (string Value, double Frequency)[] values) =>
            new() { Values = [.. values.Select(v => new CategoryFrequency(v.Value, v.Frequency))] };
        Assert.Equal(1, DistributionDistance.CategoricalTotalVariation(Of(("0.99", 0.94), ("1.99", 0.06)), Of(("999", 1))), 12);
        Assert.Equal(1, DistributionDistance.CategoricalTotalVariation(
            Of(("08:00:00", 0.4), ("16:00:00", 0.4), ("23:30:00", 0.2)), Of(("00:00:00", 1))), 12);
        Assert.Equal(1, DistributionDistance.CategoricalTotalVariation(
            Of(("4294967296", 0.5), ("8589934592", 0.5)), Of(("1", 0.7), ("2", 0.3))), 12);
        // one value swapped for an unseen one at the same share
        Assert.Equal(0.5, DistributionDistance.CategoricalTotalVariation(Of(("a", 0.5), ("b", 0.5)), Of(("a", 0.5), ("z", 0.5))), 12);
    }

    [Fact]
    public void An_unseen_target_value_counts_as_the_profile_s_rare_values_up_to_their_share_only()
    {
        var profile = new CategoricalDistribution { Values = [new("a", 0.5), new("b", 0.3)], OtherFraction = 0.2 };
        // z may be one of the profile's rare values, which hold 20% of its rows
        var within = new CategoricalDistribution { Values = [new("a", 0.5), new("b", 0.3), new("z", 0.2)] };
        Assert.Equal(0, DistributionDistance.CategoricalTotalVariation(profile, within), 12);
        // but not 30%: the 10% beyond is mass the profile does not have (taken from b)
        var beyond = new CategoricalDistribution { Values = [new("a", 0.5), new("b", 0.2), new("z", 0.3)] };
        Assert.Equal(0.1, DistributionDistance.CategoricalTotalVariation(profile, beyond), 12);
        // rare values on both sides and no kept value in common: the target's own rare share may hide a and b
        var rare = new CategoricalDistribution { Values = [new("z", 0.2)], OtherFraction = 0.8 };
        Assert.Equal(0, DistributionDistance.CategoricalTotalVariation(profile, rare), 12);
    }

    [Fact]
    public void Categorical_total_variation_is_zero_against_itself_and_within_zero_and_one() =>
        Prop.ForAll(
            Gen.Choose(0, 5).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            Gen.Choose(0, 5).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            (a, b) =>
            {
                static CategoricalDistribution Of(int[] values, int keepFrom) => new()
                {
                    // values seen fewer than keepFrom times stay in "other", as the k rule leaves them
                    Values = [.. values.GroupBy(v => v).Where(g => g.Count() >= keepFrom).OrderBy(g => g.Key)
                        .Select(g => new CategoryFrequency(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            (double)g.Count() / values.Length))],
                };
                var (pa, pb) = (Of(a, 2), Of(b, 1));
                var d = DistributionDistance.CategoricalTotalVariation(pa, pb);
                return d >= 0 && d <= 1 + 1e-12 && DistributionDistance.CategoricalTotalVariation(pa, pa) < 1e-12;
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Stretched_fan_out_ks_at_ratio_one_equals_the_plain_ks() =>
        Prop.ForAll(
            Gen.Choose(0, 8).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            Gen.Choose(0, 8).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            (a, b) =>
            {
                var ha = Histogram(a);
                var hb = Histogram(b);
                return Math.Abs(DistributionDistance.StretchedFanOutKs(ha, 1, hb) - FanOutDistance.KolmogorovSmirnov(ha, hb)) < 1e-12;
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void A_fan_out_doubled_everywhere_matches_the_profile_stretched_by_two()
    {
        FanOutBin[] profile = [new(1, 50), new(3, 30), new(10, 20)];
        FanOutBin[] doubled = [new(2, 50), new(6, 30), new(20, 20)];
        Assert.Equal(0, DistributionDistance.StretchedFanOutKs(profile, 2, doubled), 12);
        Assert.True(DistributionDistance.StretchedFanOutKs(profile, 1, doubled) >= 0.5);
    }

    private static FanOutBin[] Histogram(int[] fanOuts) =>
        fanOuts.GroupBy(f => f).OrderBy(g => g.Key).Select(g => new FanOutBin(g.Key, g.Count())).ToArray();
}
