using ElasticDuckface.Profiles;
using ElasticDuckface.Generation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

[Properties(Arbitrary = [typeof(RandomSchemaArbitraries)], MaxTest = 120)]
public class RowGeneratorTests
{
    [Property(MaxTest = 300)]
    public Property Random_schemas_at_random_scales_keep_counts_keys_references_and_not_null(RandomSchema schema)
    {
        GenerationPlan plan;
        RowGenerator generator;
        try
        {
            plan = GenerationPlanner.Plan(schema.Profile, schema.Options);
            generator = new RowGenerator(schema.Profile, plan);
        }
        catch (PlanValidationException ex) when (IsCapacityProblem(ex.Message))
        {
            return true.Classify(true, "infeasible plan rejected");
        }

        var problems = Integrity.Problems(schema.Profile, plan, Integrity.Generate(generator, plan));
        return (problems.Count == 0).Label(string.Join("\n", problems.Take(10))).Classify(false, "generated");
    }

    /// <summary>The schema's plan, or null when the planner rejects it for capacity (a valid outcome of a random schema).</summary>
    internal static GenerationPlan? FeasiblePlan(RandomSchema schema)
    {
        try
        {
            return GenerationPlanner.Plan(schema.Profile, schema.Options);
        }
        catch (PlanValidationException ex) when (IsCapacityProblem(ex.Message))
        {
            return null;
        }
    }

    [Property(MaxTest = 60)]
    public Property Same_seed_gives_identical_rows_whatever_the_slicing(RandomSchema schema)
    {
        if (FeasiblePlan(schema) is not { } plan)
            return true.Classify(true, "infeasible plan rejected");

        var first = Integrity.Generate(new RowGenerator(schema.Profile, plan), plan);
        var again = new RowGenerator(schema.Profile, plan);
        var same = plan.Tables.All(t =>
        {
            // the second run generates in reverse table order and in slices of 7 rows
            var sliced = new List<object?[]>();
            for (long start = 0; start < t.TargetRows; start += 7)
                sliced.AddRange(again.Rows(t.Name, start, Math.Min(7, t.TargetRows - start)));
            return Integrity.SameRows(first[t.Name], sliced);
        });
        return same.Label("rows differ between runs").Classify(false, "generated");
    }

    [Property(MaxTest = 60)]
    public Property One_worker_and_several_give_identical_rows(RandomSchema schema)
    {
        if (FeasiblePlan(schema) is not { } plan)
            return true.Classify(true, "infeasible plan rejected");

        // one thread on one generator; four workers in chunks of 5 rows on a fresh one, so the lazy per-table state
        // (parent assignments, ranks) is first computed on a worker
        var one = new RowGenerator(schema.Profile, plan);
        var four = new RowGenerator(schema.Profile, plan);
        var same = plan.Tables.All(t => Integrity.SameRows(one.Rows(t.Name, 1).ToList(), four.Rows(t.Name, 4, 5).ToList()));
        return same.Label("rows differ between 1 and 4 workers").Classify(false, "generated");
    }

    [Property(MaxTest = 60)]
    public Property Tables_prepared_ahead_on_other_threads_give_identical_rows(RandomSchema schema)
    {
        if (FeasiblePlan(schema) is not { } plan)
            return true.Classify(true, "infeasible plan rejected");

        // the per-table state of every table computed on the thread pool in reverse order (children before their
        // parents) and through the prefetcher while the rows are read, a table released and read again in between
        var one = Integrity.Generate(new RowGenerator(schema.Profile, plan), plan);
        var ahead = new RowGenerator(schema.Profile, plan);
        Task.WaitAll([.. plan.Tables.AsEnumerable().Reverse().Select(t => Task.Run(() => ahead.Prepare(t.Name)))]);
        var prefetcher = new TablePrefetcher(ahead, [.. plan.Tables.Select(t => t.Name)]);
        var same = true;
        for (var i = 0; i < plan.Tables.Count; i++)
        {
            prefetcher.Reached(i);
            var name = plan.Tables[i].Name;
            same &= Integrity.SameRows(one[name], ahead.Rows(name, 2, 5).ToList());
            ahead.Release(name);
            ahead.Prepare(name);
            same &= Integrity.SameRows(one[name], ahead.Rows(name, 1).ToList());
        }

        return same.Label("rows differ when the tables are prepared ahead").Classify(false, "generated");
    }

    private static readonly int[] s_shardCounts = [1, 2, 3, 7, 64];

    [Property(MaxTest = 40)]
    public Property Shards_in_index_order_are_one_unsharded_run_with_one_worker_and_several(RandomSchema schema, PositiveInt pick)
    {
        if (FeasiblePlan(schema) is not { } plan)
            return true.Classify(true, "infeasible plan rejected");

        // the large scales (×100, ×1000) prove nothing more here and cost 128 generators each: the other properties cover them
        if (plan.Tables.Sum(t => t.TargetRows) > 5_000)
            return true.Classify(true, "too large for 128 generators");

        // random tables hold up to 40 rows before scaling, so 64 shards exceed a table's rows (empty shards)
        var count = s_shardCounts[pick.Get % s_shardCounts.Length];
        var whole = Integrity.Generate(new RowGenerator(schema.Profile, plan), plan);
        var same = true;
        foreach (var workers in (int[])[1, 3])
        {
            var union = plan.Tables.ToDictionary(t => t.Name, _ => new List<object?[]>());
            for (var i = 0; i < count; i++)
            {
                // one generator per shard, as on its own machine; several workers in chunks of 3 rows
                var generator = new RowGenerator(schema.Profile, plan);
                foreach (var t in plan.Tables)
                    union[t.Name].AddRange(generator.Rows(t.Name, workers, 3, new Shard(i, count)));
            }

            same &= plan.Tables.All(t => Integrity.SameRows(whole[t.Name], union[t.Name]));
        }

        return same.Label($"the union of {count} shards differs from the unsharded rows")
            .Classify(plan.Tables.Any(t => t.TargetRows < count), "more shards than a table's rows");
    }

    [Fact]
    public void Music_schema_at_several_scales_has_no_integrity_problem()
    {
        var profile = TestProfiles.Music();
        foreach (var scale in new[] { 0.1, 1, 2.5, 5 })
        {
            var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale, Seed = 3 });
            var problems = Integrity.Problems(profile, plan, Integrity.Generate(new RowGenerator(profile, plan), plan));
            Assert.Empty(problems);
        }
    }

    [Fact]
    public void Self_reference_forms_a_tree_with_smaller_parent_ids()
    {
        var profile = TestProfiles.Music();
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 25, Seed = 9 });
        var generator = new RowGenerator(profile, plan);
        var rows = generator.Rows("employees").ToList();
        Assert.Equal(200, rows.Count);
        Assert.Equal(25, rows.Count(r => r[2] is null));
        Assert.Null(rows[0][2]);
        foreach (var row in rows.Where(r => r[2] is not null))
            Assert.True((long)row[2]! < (long)row[0]!, $"employee {row[0]} reports to {row[2]}");
    }

    [Fact]
    public void Not_null_self_reference_makes_row_zero_its_own_root()
    {
        var profile = TestProfiles.Database(TestProfiles.Table("nodes", 30, [TestProfiles.Id(), TestProfiles.Int("parent_id")],
            foreignKeys: [TestProfiles.Fk("fk_nodes_parent", "parent_id", "nodes", stats: TestProfiles.FanOut(0, (0, 20), (3, 10)))]));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 3 });
        var rows = new RowGenerator(profile, plan).Rows("nodes").ToList();
        Assert.Equal(rows[0][0], rows[0][1]);
        Assert.All(rows.Skip(1), r => Assert.True((long)r[1]! < (long)r[0]!));
    }

    [Fact]
    public void Children_of_one_parent_are_contiguous_and_fan_out_follows_the_profile()
    {
        var profile = TestProfiles.Music();
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 5, Seed = 1 });
        var tracks = new RowGenerator(profile, plan).Rows("tracks").Select(r => (long)r[2]!).ToList();
        var changes = tracks.Zip(tracks.Skip(1)).Count(p => p.First != p.Second);
        var distinct = tracks.Distinct().Count();
        Assert.Equal(distinct - 1, changes);
        var fanOut = tracks.GroupBy(x => x).Select(g => g.Count()).ToList();
        fanOut.AddRange(Enumerable.Repeat(0, 250 - distinct));
        var histogram = profile.Tables.Single(t => t.Name == "tracks").ForeignKeys[0].Stats!.Histogram;
        Assert.InRange(FanOutAllocator.KsDistance(histogram, fanOut), 0, 0.02);
    }

    [Fact]
    public void Values_have_the_row_values_contract_types()
    {
        var profile = TestProfiles.Music();
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions());
        var row = new RowGenerator(profile, plan).Rows("tracks").First();
        Assert.IsType<long>(row[0]);
        Assert.IsType<string>(row[1]);
        Assert.IsType<long>(row[2]);
        var price = Assert.IsType<decimal>(row[3]);
        Assert.InRange(price, 0.99m, 1.99m);
        Assert.Equal(decimal.Round(price, 2), price);
    }

    [Fact]
    public void Email_column_looks_like_email_and_fits_its_length()
    {
        var profile = TestProfiles.Music();
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 10 });
        var emails = new RowGenerator(profile, plan).Rows("employees").Select(r => (string)r[1]!).ToList();
        Assert.All(emails, e => Assert.Contains('@', e));
        Assert.All(emails, e => Assert.InRange(e.Length, 3, 60));
        Assert.True(emails.Distinct().Count() > 60);
    }

    [Theory]
    [InlineData(TextShape.Email, 20)]
    [InlineData(TextShape.Email, 35)]
    [InlineData(TextShape.Phone, 17)]
    [InlineData(TextShape.Phone, 14)]
    [InlineData(TextShape.Hostname, 24)]
    public void Shaped_text_keeps_its_shape_and_follows_the_profiled_length(TextShape shape, int length)
    {
        var column = TestProfiles.Text("v", 80, shape) with
        {
            Stats = new ColumnStatistics { Distribution = new TextDistribution { Shape = shape, Lengths = [length, length] } },
        };
        var profile = TestProfiles.Database(TestProfiles.Table("t", 200, [TestProfiles.Id(), column]));
        var values = new RowGenerator(profile, GenerationPlanner.Plan(profile,
            new ScaleOptions())).Rows("t").Select(r => (string)r[1]!).ToList();
        Assert.Equal(shape, ElasticDuckface.Statistics.TextShapeDetector.Detect(values));
        var meanLength = values.Average(v => v.Length);
        Assert.InRange(meanLength, length - 2, length + 2);
        Assert.True(values.Distinct().Count() > 150);
    }

    private static bool IsCapacityProblem(string message) =>
        message.Contains("need a parent", StringComparison.Ordinal)
        || message.Contains("one-to-one", StringComparison.Ordinal)
        || message.Contains("distinct pairs", StringComparison.Ordinal)
        || message.Contains("can hold only", StringComparison.Ordinal);
}
