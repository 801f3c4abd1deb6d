using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Core.Tests.Verification;

public sealed class FidelityComparerTests
{
    internal static DatabaseProfile Profile(long parents, FanOutBin[] histogram, double[] quantiles)
    {
        var children = histogram.Sum(b => b.Children * b.Parents);
        return new DatabaseProfile
        {
            Source = new ProfileSource("sqlite"),
            Settings = new ProfileSettings(),
            Tables =
            [
                new TableProfile
                {
                    Name = "child",
                    RowCount = children,
                    Columns =
                    [
                        new ColumnProfile { Name = "parent_id", SqlType = "INTEGER",
                            Stats = new ColumnStatistics { Distribution = new NumericDistribution { Quantiles = [1, parents] } } },
                        new ColumnProfile { Name = "size", SqlType = "INTEGER",
                            Stats = new ColumnStatistics { Distribution = new NumericDistribution { Quantiles = quantiles } } },
                    ],
                    ForeignKeys =
                    [
                        new ForeignKeyProfile
                        {
                            Name = "fk_parent", Columns = ["parent_id"], ReferencedTable = "parent", ReferencedColumns = ["id"],
                            Stats = new FanOutStatistics { ParentRows = parents, ChildRows = children, Mean = (double)children / parents,
                                Histogram = histogram },
                        },
                    ],
                },
                new TableProfile
                {
                    Name = "parent",
                    RowCount = parents,
                    Columns = [new ColumnProfile { Name = "id", SqlType = "INTEGER",
                        Stats = new ColumnStatistics { Distribution = new SequenceDistribution(1, parents) } }],
                    PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
                },
            ],
        };
    }

    internal static readonly double[] Spread = Enumerable.Range(0, 101).Select(i => 100.0 + i).ToArray();

    [Fact]
    public void A_profile_compared_with_itself_is_faithful_with_score_one()
    {
        var p = Profile(100, [new(0, 20), new(2, 50), new(5, 30)], Spread);
        var report = FidelityComparer.Compare(p, p, [], new VerifyOptions { Plan = GenerationPlanner.Plan(p, new ScaleOptions()) });
        Assert.Equal(Verdict.Faithful, report.Verdict);
        Assert.Equal(1, report.Score);
        Assert.Empty(report.Problems);
        var fk = Assert.Single(report.Tables.Single(t => t.Name == "child").ForeignKeys);
        Assert.Equal(0, fk.Ks);
        Assert.Equal(1, fk.MeanRatio);
    }

    [Fact]
    public void A_resolution_limited_fan_out_reports_its_floor_and_is_judged_by_the_excess()
    {
        // Chinook Track.MediaTypeId → MediaType at ×2.5: 5 → 13 parents, 3,503 → 8,758 children
        FanOutBin[] media = [new(7, 1), new(11, 1), new(214, 1), new(237, 1), new(3034, 1)];
        var p = Profile(5, media, Spread);
        var generated = FanOutAllocator.Allocate(media, 13, 8758, 0);
        var histogram = generated.GroupBy(x => (long)x).OrderBy(g => g.Key).Select(g => new FanOutBin(g.Key, g.LongCount())).ToArray();
        var t = Profile(13, histogram, Spread);
        var report = FidelityComparer.Compare(p, t, [], new VerifyOptions { Strict = true });
        var fk = Assert.Single(report.Tables.Single(x => x.Name == "child").ForeignKeys);
        Assert.Equal(Math.Round(3.0 / 65, 6), fk.KsFloor);
        Assert.Equal(fk.KsFloor, fk.Ks);
        Assert.Equal(0, fk.KsExcess);
        Assert.True(fk.Normalized);
        Assert.Equal(MetricStatus.Ok, fk.Status);
        Assert.Contains("\"ksFloor\": 0.046154", FidelityReportSerializer.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fan_out_worse_than_its_floor_is_over_by_the_excess()
    {
        FanOutBin[] media = [new(7, 1), new(11, 1), new(214, 1), new(237, 1), new(3034, 1)];
        var p = Profile(5, media, Spread);
        // 13 parents, 8,758 children spread evenly: no small fan-outs at all
        var t = Profile(13, [new(673, 9), new(674, 4)], Spread);
        var report = FidelityComparer.Compare(p, t, [], new VerifyOptions());
        var fk = Assert.Single(report.Tables.Single(x => x.Name == "child").ForeignKeys);
        // each of the three is rounded to 6 places on its own, so they agree to one unit in the sixth
        Assert.Equal(fk.Ks - fk.KsFloor, fk.KsExcess, 5);
        Assert.True(fk.KsExcess > 0.5);
        Assert.Equal(MetricStatus.Warning, fk.Status);
    }

    [Fact]
    public void A_distance_over_its_threshold_warns_and_fails_only_when_strict()
    {
        var p = Profile(100, [new(0, 20), new(2, 50), new(5, 30)], Spread);
        var t = Profile(100, [new(2, 50), new(3, 50)], Enumerable.Repeat(150.0, 101).ToArray());
        var lenient = FidelityComparer.Compare(p, t, [], new VerifyOptions());
        Assert.Equal(Verdict.FaithfulWithWarnings, lenient.Verdict);
        Assert.All(lenient.Problems, x => Assert.Equal(ProblemSeverity.Warning, x.Severity));
        var column = Assert.Single(lenient.Problems, x => x.Check == FidelityCheck.ColumnDistribution);
        Assert.Equal(("child", "size"), (column.Table, column.Subject));
        Assert.True(column.Measured > column.Threshold);
        Assert.StartsWith("warning column child.size: ks ", column.Text, StringComparison.Ordinal);
        var fanOut = Assert.Single(lenient.Problems, x => x.Check == FidelityCheck.FanOutShape);
        Assert.Equal(("child", "fk_parent"), (fanOut.Table, fanOut.Subject));
        Assert.StartsWith("warning fan-out child.fk_parent → parent: KS ", fanOut.Text, StringComparison.Ordinal);
        var strict = FidelityComparer.Compare(p, t, [], new VerifyOptions { Strict = true });
        Assert.Equal(Verdict.Failed, strict.Verdict);
        Assert.All(strict.Problems, x => Assert.Equal(ProblemSeverity.Failed, x.Severity));
        Assert.All(strict.Problems, x => Assert.StartsWith("FAILED ", x.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_hard_check_fails_verification_even_without_strict()
    {
        var p = Profile(100, [new(0, 20), new(2, 50), new(5, 30)], Spread);
        var report = FidelityComparer.Compare(p, p, [new HardCheckResult(HardCheckKind.Orphans, "child", "fk_parent", 3, 0, "")],
            new VerifyOptions());
        Assert.Equal(Verdict.Failed, report.Verdict);
        Assert.Equal(1, report.HardChecksFailed);
        var problem = report.Problems[0];
        Assert.Equal(
            (ProblemSeverity.Failed, FidelityCheck.HardCheck, HardCheckKind.Orphans), (problem.Severity, problem.Check, problem.HardCheck));
        Assert.Equal(("child", "fk_parent", 3.0, 0.0), (problem.Table, problem.Subject, problem.Measured, problem.Threshold));
        Assert.StartsWith("FAILED orphans in child.fk_parent: 3", problem.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_missing_from_the_target_scores_zero()
    {
        var p = Profile(100, [new(0, 20), new(2, 50), new(5, 30)], Spread);
        var t = p with { Tables = p.Tables.Where(x => x.Name == "parent").ToList() };
        var report = FidelityComparer.Compare(p, t, [new HardCheckResult(HardCheckKind.MissingTable, "child", "", 1, 0, "")],
            new VerifyOptions());
        Assert.Equal(0, report.Score);
        Assert.False(report.Tables.Single(x => x.Name == "child").Present);
        Assert.Equal(Verdict.Failed, report.Verdict);
    }

    private static DatabaseProfile WithJoint(DatabaseProfile p, double correlation, long rows) => p with
    {
        Tables = p.Tables.Select(t => t.Name != "child" ? t : t with
        {
            JointForeignKeys =
            [
                new JointForeignKeyProfile
                {
                    First = new ForeignKeyReference("fk_a", ["a_id"]),
                    Second = new ForeignKeyReference("fk_b", ["b_id"]),
                    Rows = rows,
                    FanOutCorrelation = correlation,
                },
            ],
        }).ToList(),
    };

    [Fact]
    public void A_joint_correlation_difference_over_its_threshold_warns_lowers_the_score_and_fails_when_strict()
    {
        var p = Profile(100, [new(0, 20), new(2, 50), new(5, 30)], Spread);
        var source = WithJoint(p, 0.6, 10_000);
        var target = WithJoint(p, 0.05, 10_000);

        var report = FidelityComparer.Compare(source, target, [], new VerifyOptions());
        var child = report.Tables.Single(t => t.Name == "child");
        var joint = Assert.Single(child.JointForeignKeys);
        Assert.Equal(new SideBySide<double>(0.6, 0.05), joint.FanOutCorrelation);
        Assert.Equal(0.55, joint.Difference, 9);
        Assert.Equal(0.2, joint.Threshold);
        Assert.Equal(MetricStatus.Warning, joint.Status);
        Assert.Equal(Verdict.FaithfulWithWarnings, report.Verdict);
        Assert.Equal(0.45, child.Score, 9);
        Assert.Equal("joint fan-out fk_a × fk_b (correlation)", child.Worst);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(
            "warning joint fan-out child.(fk_a, fk_b): fan-out correlation 0.050 vs 0.600 (difference 0.550 > 0.200)", problem.Text);
        Assert.Equal((FidelityCheck.JointFanOutCorrelation, "fk_a × fk_b"), (problem.Check, problem.Subject));
        Assert.Equal((0.55, 0.2), (problem.Measured, problem.Threshold));
        Assert.DoesNotContain(report.NotMeasured, n => n.Name == "jointForeignKeys");

        var strict = FidelityComparer.Compare(source, target, [], new VerifyOptions { Strict = true });
        Assert.Equal(Verdict.Failed, strict.Verdict);
        Assert.Equal(MetricStatus.Ok, Assert.Single(FidelityComparer.Compare(source, WithJoint(p, 0.45, 10_000), [],
            new VerifyOptions()).Tables.Single(t => t.Name == "child").JointForeignKeys).Status);
    }

    [Fact]
    public void A_joint_correlation_over_few_rows_is_held_to_the_sampling_noise_threshold()
    {
        var p = Profile(100, [new(0, 20), new(2, 50), new(5, 30)], Spread);
        var report = FidelityComparer.Compare(WithJoint(p, 0.3, 25), WithJoint(p, 0, 25), [], new VerifyOptions());
        var joint = Assert.Single(report.Tables.Single(t => t.Name == "child").JointForeignKeys);
        // 1.96/√25 = 0.392: a difference of 0.3 over 25 rows is noise
        Assert.Equal(0.392, joint.Threshold, 9);
        Assert.Equal(MetricStatus.Ok, joint.Status);
    }

    [Fact]
    public void Joint_foreign_keys_missing_from_an_older_profile_are_listed_as_not_measured()
    {
        var p = Profile(100, [new(0, 20), new(2, 50), new(5, 30)], Spread);
        var fk = p.Tables[0].ForeignKeys[0];
        var twoKeys = p with { Tables = p.Tables.Select(t => t.Name != "child" ? t : t with { ForeignKeys = [fk,
            fk with { Name = "fk_again" }] }).ToList() };
        var report = FidelityComparer.Compare(twoKeys, twoKeys, [], new VerifyOptions());
        var notMeasured = Assert.Single(report.NotMeasured, n => n.Name == "jointForeignKeys");
        Assert.StartsWith("1 of 1 pairs", notMeasured.Reason, StringComparison.Ordinal);
    }
}
