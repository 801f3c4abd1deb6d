using System.Globalization;
using ElasticDuckface.Sweep;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Sweep;

/// <summary>A sweep's row counts and a cost y = a + b·f(n) of a known model, with multiplicative noise up to ±Noise.</summary>
public sealed record GrowthCase(GrowthModel Model, double[] Rows, double Intercept, double Slope, double[] Noise)
{
    public (double Rows, double Value)[] Points() =>
        [.. Rows.Select((n, i) => (n, (Intercept + (Slope * Model.Basis(n))) * (1 + Noise[i])))];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Model} a={Intercept:G4} b={Slope:G4} rows=[{string.Join(",", Rows)}] noise=[{string.Join(",", Noise)}]");
}

public static class GrowthArbitraries
{
    /// <summary>
    /// 4 to 7 scales spread over at least 50× (as docs/sweep.md asks), a fixed part at most a tenth of the growing part at the
    /// largest scale, and noise up to ±3 %: the regime where the rule must name the model. n·log n is promised only without a
    /// fixed part and with noise up to ±1 %: with a fixed part, a + b·n fits it within a few percent over such a range (the
    /// factor ln n moves by only 1.5× over 50×), and docs/sweep.md says so.
    /// </summary>
    public static Arbitrary<GrowthCase> Cases() =>
        (from model in Gen.Elements(GrowthModel.Linear, GrowthModel.NLogN, GrowthModel.Quadratic)
         from count in Gen.Choose(4, 7)
         from first in Gen.Choose(500, 5000)
         from spread in Gen.Choose(50, 200)
         from slope in Gen.Choose(1, 1000)
         from fixedShare in model == GrowthModel.NLogN ? Gen.Constant(0) : Gen.Choose(0, 100)
         from noise in (model == GrowthModel.NLogN ? Gen.Choose(-10, 10) : Gen.Choose(-30, 30)).ArrayOf(count)
         let rows = Enumerable.Range(0, count).Select(i => Math.Round(first * Math.Pow(spread, i / (double)(count - 1)))).ToArray()
         let b = slope / 1000.0
         let a = b * model.Basis(rows[^1]) * fixedShare / 1000.0
         select new GrowthCase(model, rows, a, b, [.. noise.Select(v => v / 1000.0)])).ToArbitrary();
}

[Properties(Arbitrary = [typeof(GrowthArbitraries)], MaxTest = 300)]
public sealed class GrowthFitterTests
{
    [Property]
    public Property A_growing_cost_over_a_wide_range_is_named_by_its_model(GrowthCase c) =>
        (GrowthFitter.Fit(c.Points()).Best.Model == c.Model).Label(c.ToString() + " picked " + GrowthFitter.Fit(c.Points()).Best.Model);

    [Property]
    public Property A_flat_cost_with_noise_stays_constant(PositiveInt value, NonEmptyArray<int> jitter)
    {
        var noise = jitter.Get.Take(8).Select(j => Math.Abs(j % 200) / 1000.0).ToArray(); // up to +20 %, as wall time jitters
        var points = noise.Select((e, i) => (Rows: 1000.0 * Math.Pow(3, i), Value: value.Get * (1 + e))).ToArray();
        var fit = GrowthFitter.Fit(points);
        return (fit.Best.Model == GrowthModel.Constant)
            .Label($"picked {fit.Best.Model} with error {fit.Best.RelativeError}");
    }

    [Property]
    public bool Fits_never_have_negative_coefficients(GrowthCase c) =>
        GrowthFitter.Fit(c.Points()).Candidates.All(f => f.Intercept >= 0 && f.Slope >= 0 && f.RelativeError >= 0);

    [Fact]
    public void An_exact_line_is_linear_and_predicts_by_its_coefficients()
    {
        var fit = GrowthFitter.Fit([(1000, 2.5), (5000, 10.5), (20000, 40.5), (100000, 200.5)]);
        Assert.Equal(GrowthModel.Linear, fit.Best.Model);
        Assert.Equal(0.5, fit.Best.Intercept, 6);
        Assert.Equal(0.002, fit.Best.Slope, 9);
        Assert.Equal(2000.5, fit.Best.Predict(1_000_000), 3);
        Assert.Equal(1, fit.Best.RSquared, 9);
        Assert.False(fit.SuperLinear);
    }

    [Fact]
    public void Quadratic_growth_is_flagged_super_linear()
    {
        var fit = GrowthFitter.Fit([.. new[] { 1000.0, 3000, 10000, 30000, 100000 }.Select(n => (n, 1e-6 * n * n))]);
        Assert.Equal(GrowthModel.Quadratic, fit.Best.Model);
        Assert.True(fit.SuperLinear);
    }

    [Fact]
    public void A_counter_that_never_moved_is_constant_zero()
    {
        var fit = GrowthFitter.Fit([(100, 0), (1000, 0), (10000, 0)]);
        Assert.Equal(GrowthModel.Constant, fit.Best.Model);
        Assert.Equal(0, fit.Best.Predict(1e9));
    }

    [Fact]
    public void A_counter_that_stays_zero_until_a_buffer_fills_is_a_poor_fit()
    {
        // Innodb_data_written of a copying ALTER TABLE on Chinook ×1…×20 (docs/sweep.md)
        var fit = GrowthFitter.Fit([(15607, 0), (31214, 0), (78035, 0), (156070, 2916352), (312140, 8077312)]);
        Assert.True(fit.Poor, $"{fit.Best.Model} with error {fit.Best.RelativeError}");
        Assert.False(GrowthFitter.Fit([(1000, 10), (2000, 20), (4000, 40)]).Poor);
    }

    [Fact]
    public void One_row_count_can_only_be_constant()
    {
        var fit = GrowthFitter.Fit([(1000, 1), (1000, 3)]);
        Assert.Equal(GrowthModel.Constant, fit.Best.Model);
        Assert.InRange(fit.Best.Intercept, 1, 3);
    }

    [Fact]
    public void Bad_points_are_refused()
    {
        Assert.Throws<ArgumentException>(() => GrowthFitter.Fit([]));
        Assert.Throws<ArgumentException>(() => GrowthFitter.Fit([(0, 1)]));
        Assert.Throws<ArgumentException>(() => GrowthFitter.Fit([(10, double.NaN)]));
    }
}
