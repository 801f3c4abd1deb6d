using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using static ElasticDuckface.Core.Tests.Generation.TestProfiles;

namespace ElasticDuckface.Core.Tests.Generation;

public class GenerationPlannerTests
{
    private static DatabaseProfile Nova() => Database(
        Table("instances", 100, [Id(), Text("hostname", 64, TextShape.Hostname)]),
        Table("instance_system_metadata", 2000, [Id(), Int("instance_id")],
            foreignKeys: [Fk("fk_ism_instance", "instance_id", "instances")]),
        Table("flavors", 7, [Id()]),
        Table("fixed_ips", 333, [Id(), Int("instance_id", nullable: true)],
            foreignKeys: [Fk("fk_fixed_ips_instance", "instance_id", "instances")]));

    [Fact]
    public void Unknown_table_is_reported_with_the_nearest_name_and_the_known_tables()
    {
        var ex = Assert.Throws<PlanValidationException>(() => GenerationPlanner.Plan(Nova(),
            new ScaleOptions { TableScales = new Dictionary<string, double> { ["instance"] = 2 } }));
        Assert.Contains("unknown table 'instance'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'instances'?", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Known tables: fixed_ips, flavors, instance_system_metadata, instances", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
    }

    [Fact]
    public void Unknown_kept_table_is_reported_too()
    {
        var ex = Assert.Throws<PlanValidationException>(() => GenerationPlanner.Plan(Nova(),
            new ScaleOptions { Keep = new HashSet<string> { "flavours" } }));
        Assert.Contains("--keep names unknown table 'flavours' (did you mean 'flavors'?)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_positive_or_non_finite_global_scale_is_rejected(double scale)
    {
        var ex = Assert.Throws<PlanValidationException>(() => GenerationPlanner.Plan(Nova(), new ScaleOptions { Scale = scale }));
        Assert.Contains("--scale must be a positive finite number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var ex = Assert.Throws<PlanValidationException>(() => GenerationPlanner.Plan(Nova(), new ScaleOptions
        {
            Scale = 0,
            TableScales = new Dictionary<string, double> { ["instances"] = -2, ["nope"] = 1 },
            Keep = new HashSet<string> { "instances" },
        }));
        Assert.Contains("--scale must be", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--scale-table instances=-2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown table 'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("both kept (--keep) and overridden", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Children_follow_an_overridden_parent_and_the_rest_take_the_global_factor()
    {
        var plan = GenerationPlanner.Plan(Nova(), new ScaleOptions
        {
            Scale = 0.5,
            TableScales = new Dictionary<string, double> { ["instances"] = 10 },
            Keep = new HashSet<string> { "flavors" },
        });
        Assert.Equal(new TablePlan("instances", 100, 1000, 10, ScaleRule.Override, null, "set by --scale-table"), plan["instances"]);
        Assert.Equal(ScaleRule.Inherited, plan["instance_system_metadata"].Rule);
        Assert.Equal("instances", plan["instance_system_metadata"].InheritedFrom);
        Assert.Equal(20_000, plan["instance_system_metadata"].TargetRows);
        Assert.Equal(3330, plan["fixed_ips"].TargetRows);
        Assert.Equal((7L, ScaleRule.Kept), (plan["flavors"].TargetRows, plan["flavors"].Rule));
    }

    [Fact]
    public void Target_rows_are_rounded_once_midpoint_away_from_zero()
    {
        var plan = GenerationPlanner.Plan(Database(Table("a", 5, [Id()]), Table("b", 3, [Id()])), new ScaleOptions { Scale = 0.5 });
        Assert.Equal(3, plan["a"].TargetRows);
        Assert.Equal(2, plan["b"].TargetRows);
    }

    [Fact]
    public void Tables_are_ordered_parents_first_and_a_cycle_is_broken_at_its_nullable_edge()
    {
        var profile = Database(
            Table("a", 10, [Id(), Int("b_id", nullable: true)], foreignKeys: [Fk("fk_a_b", "b_id", "b")]),
            Table("b", 10, [Id(), Int("c_id")], foreignKeys: [Fk("fk_b_c", "c_id", "c")]),
            Table("c", 10, [Id(), Int("a_id")], foreignKeys: [Fk("fk_c_a", "a_id", "a")]),
            Table("d", 10, [Id(), Int("parent_id", nullable: true)], foreignKeys: [Fk("fk_d_d", "parent_id", "d")]));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions());
        Assert.Equal(["d", "a", "c", "b"], plan.Tables.Select(t => t.Name));
        Assert.Equal([new DeferredForeignKey("a", "fk_a_b", "b", true)], plan.DeferredForeignKeys);
    }

    [Fact]
    public void One_to_one_child_larger_than_its_parent_is_capped_and_says_why()
    {
        var profile = Database(
            Table("users", 10, [Id()]),
            Table("settings", 10, [Int("user_id")], primaryKey: ["user_id"], foreignKeys: [Fk("fk_settings_user", "user_id", "users")]));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { TableScales = new Dictionary<string, double> { ["settings"] = 3 } });
        Assert.Equal(10, plan["settings"].TargetRows);
        Assert.True(plan["settings"].Adjusted);
        Assert.Contains("capped at 10 rows: one-to-one with 'users' (10 rows)", plan["settings"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parent_rounded_to_zero_is_raised_to_one_row_for_its_children()
    {
        var profile = Database(
            Table("p", 1, [Id()]),
            Table("c", 100, [Id(), Int("p_id")], foreignKeys: [Fk("fk_c_p", "p_id", "p")]));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 0.1,
            TableScales = new Dictionary<string, double> { ["c"] = 1 } });
        Assert.Equal(1, plan["p"].TargetRows);
        Assert.Equal(100, plan["c"].TargetRows);
        Assert.Contains("raised to 1 row: rows of 'c' need a parent", plan["p"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_prints_each_table_in_order_with_its_rule_then_the_cycle_breaks()
    {
        var plan = GenerationPlanner.Plan(Nova(), new ScaleOptions
        {
            Scale = 2.5,
            TableScales = new Dictionary<string, double> { ["instances"] = 10 },
            Keep = new HashSet<string> { "flavors" },
            Seed = 7,
        });
        const string Expected = """
            Generation plan: 4 tables, seed 7, global scale ×2.5
              flavors                      7 →     7  ×1        kept: profiled row count (--keep)
              instances                  100 →  1000  ×10       override: set by --scale-table
              fixed_ips                  333 →  3330  ×10       inherited: follows parent 'instances' (overridden)
              instance_system_metadata  2000 → 20000  ×10       inherited: follows parent 'instances' (overridden)
            Cycle breaks: none
            Fan-out growth: sample (no foreign key's children per parent move)

            """;
        Assert.Equal(Expected.ReplaceLineEndings("\n"), plan.Describe());
    }

    [Fact]
    public void Describe_names_the_growth_model_and_the_foreign_keys_whose_children_per_parent_move()
    {
        var profile = Database(
            Table("p", 10, [Id()]),
            Table("c", 100, [Id(), Int("p_id")], foreignKeys: [Fk("fk_c_p", "p_id", "p",
                stats: FanOutHistogram.Build(10, 100, [(10, 10)]))]));
        var options = new ScaleOptions { TableScales = new Dictionary<string, double> { ["c"] = 10 }, Keep = new HashSet<string> { "p" } };
        var sampled = GenerationPlanner.Plan(profile, options);
        var moving = Assert.Single(sampled.MovingFanOuts);
        Assert.Equal(("c", "fk_c_p", 10.0), (moving.Table, moving.ForeignKey, moving.Ratio));
        Assert.Contains("Fan-out growth: sample, for the foreign keys whose children per parent move by r", sampled.Describe(),
            StringComparison.Ordinal);
        Assert.Contains("  c.fk_c_p → p  r = 10\n", sampled.Describe(), StringComparison.Ordinal);
        var stretched = GenerationPlanner.Plan(profile, options with { Growth = FanOutGrowth.Stretch });
        Assert.Equal(FanOutGrowth.Stretch, stretched.Growth);
        Assert.Contains("Fan-out growth: stretch", stretched.Describe(), StringComparison.Ordinal);
        Assert.Empty(GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 3 }).MovingFanOuts);
    }
}
