using ElasticDuckface.Sweep;

namespace ElasticDuckface.Core.Tests.Sweep;

public sealed class SweepAnalyzerTests
{
    private static SweepPoint Point(double scale, long rows, params (double Seconds, double RowsRead)[] repeats) =>
        SweepPoint.Of(scale, rows, [.. repeats.Select((r, i) => new SweepRepeat(i + 1, $"db{scale}_{i}", 0, "run.log",
            new Dictionary<string, double>
            {
                [SweepMeasures.Seconds] = r.Seconds, [SweepMeasures.RowsRead] = r.RowsRead, ["Handler_write"] = 0,
            }))]);

    private static SweepReport Report(double? predict, long? predictRows, params SweepPoint[] points) => new()
    {
        Profile = "p.json", Server = "mysql://root@h:1", Engine = "mysql", Run = "true", Points = points,
        PredictScale = predict, PredictRows = predictRows, Growth = SweepAnalyzer.Analyze(points, predictRows),
    };

    private static readonly SweepPoint[] s_linear =
    [
        Point(0.1, 1000, (0.10, 1000), (0.12, 1000), (0.30, 1000)),
        Point(1, 10000, (1.0, 10000), (1.1, 10000), (0.9, 10000)),
        Point(10, 100000, (10, 100000), (10, 100000), (11, 100000)),
    ];

    [Fact]
    public void The_median_of_the_repeats_is_fitted_and_the_spread_kept()
    {
        var summary = s_linear[0].Measures[SweepMeasures.Seconds];
        Assert.Equal((0.12, 0.10, 0.30), (summary.Median, summary.Min, summary.Max));
        Assert.Equal(2.5, MeasureSummary.Of([1, 2, 3, 4]).Median);
    }

    [Fact]
    public void Gated_measures_come_first_and_a_counter_that_never_moved_is_left_out()
    {
        var growth = SweepAnalyzer.Analyze(s_linear, 1_000_000);
        Assert.Equal([SweepMeasures.Seconds, SweepMeasures.RowsRead], growth.Select(g => g.Name));
        Assert.All(growth, g => Assert.Equal(GrowthModel.Linear, g.Fit.Best.Model));
        Assert.Equal(1_000_000, growth[1].Predicted!.Value, 0);
    }

    [Fact]
    public void Thresholds_judge_the_prediction_and_the_growth()
    {
        var report = Report(100, 1_000_000, s_linear);
        var loose = new SweepThresholds { MaxSeconds = 200, MaxRowsRead = 2e6, MaxGrowth = GrowthModel.Linear };
        Assert.Empty(SweepAnalyzer.Judge(report, loose));
        var tight = new SweepThresholds { MaxSeconds = 50, MaxRowsRead = 1e5, MaxGrowth = GrowthModel.Constant };
        var violations = SweepAnalyzer.Judge(report, tight);
        Assert.Equal([SweepMeasures.Seconds, SweepMeasures.RowsRead, SweepMeasures.Seconds, SweepMeasures.RowsRead],
            violations.Select(v => v.Measure));
        Assert.Contains("predicted at ×100", violations[0].Text, StringComparison.Ordinal);
        Assert.Contains("grows linear, faster than the allowed constant", violations[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_prediction_the_largest_scale_is_judged()
    {
        var report = Report(null, null, s_linear);
        var violation = Assert.Single(SweepAnalyzer.Judge(report, new SweepThresholds { MaxSeconds = 5 }));
        Assert.Contains("at the largest scale is 10", violation.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_baseline_comparison_names_the_measures_that_grew()
    {
        var before = Report(100, 1_000_000, s_linear);
        SweepPoint[] quadratic =
        [
            Point(0.1, 1000, (0.1, 1000)), Point(1, 10000, (1.0, 100000)), Point(10, 100000, (10, 10_000_000)),
        ];
        var after = Report(100, 1_000_000, quadratic);
        var changes = SweepComparison.Compare(before, after);
        Assert.False(changes.Single(c => c.Name == SweepMeasures.Seconds).Grew);
        var rows = changes.Single(c => c.Name == SweepMeasures.RowsRead);
        Assert.True(rows.Grew);
        Assert.Equal((GrowthModel.Linear, GrowthModel.Quadratic), (rows.BaselineModel, rows.CurrentModel));
        Assert.DoesNotContain(SweepComparison.Compare(before, before), c => c.Grew);
    }

    [Fact]
    public void The_json_round_trips()
    {
        var report = Report(100, 1_000_000, s_linear) with { Thresholds = new SweepThresholds { MaxGrowth = GrowthModel.NLogN } };
        var json = SweepReportSerializer.Serialize(report);
        Assert.Contains("\"model\": \"linear\"", json, StringComparison.Ordinal);
        var back = SweepReportSerializer.Deserialize(json, "s.json");
        Assert.Equal(json, SweepReportSerializer.Serialize(back));
        var error = Assert.Throws<DuckfaceException>(() => SweepReportSerializer.Deserialize("{\"x\": 1}", "bad.json"));
        Assert.Contains("bad.json is not a sweep report", error.Message, StringComparison.Ordinal);
    }
}
