using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>
/// The streamed parent assignment (<see cref="StreamedParents"/>, used above <see cref="ParentAssigner.DefaultStreamingRows"/>
/// rows), forced on every table here by a streaming threshold of 0.
/// </summary>
[Properties(Arbitrary = [typeof(RandomSchemaArbitraries)], MaxTest = 120)]
public class StreamedParentsTests
{
    [Property(MaxTest = 200)]
    public Property Streamed_random_schemas_keep_counts_keys_references_and_not_null(RandomSchema schema)
    {
        if (RowGeneratorTests.FeasiblePlan(schema) is not { } plan)
            return true.Classify(true, "infeasible plan rejected");
        var problems = Integrity.Problems(schema.Profile, plan, Integrity.Generate(Streamed(schema.Profile, plan), plan));
        return (problems.Count == 0).Label(string.Join("\n", problems.Take(10))).Classify(false, "generated");
    }

    [Property(MaxTest = 60)]
    public Property Streamed_rows_are_identical_with_one_worker_and_several(RandomSchema schema)
    {
        if (RowGeneratorTests.FeasiblePlan(schema) is not { } plan)
            return true.Classify(true, "infeasible plan rejected");
        var one = Streamed(schema.Profile, plan);
        var four = Streamed(schema.Profile, plan);
        var same = plan.Tables.All(t => Integrity.SameRows(one.Rows(t.Name, 1).ToList(), four.Rows(t.Name, 4, 5).ToList()));
        return same.Label("rows differ between 1 and 4 workers").Classify(false, "generated");
    }

    [Theory]
    [InlineData("chinook.json", 3)]
    [InlineData(SuiteProfiles.NovaSynthetic, 2)]
    public void Streaming_keeps_every_fan_out_and_the_primary_keys_rows_of_the_in_memory_assignment(string name, double scale)
    {
        var profile = ProfileSerializer.Deserialize(TestProfiles.ShippedJson(name), name);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale, Seed = 7 });
        var held = new RowGenerator(profile, plan);
        var streamed = Streamed(profile, plan);
        var problems = Integrity.Problems(profile, plan, Integrity.Generate(streamed, plan));
        Assert.Empty(problems);
        var checkedColumns = 0;
        foreach (var table in profile.Tables)
        {
            var layout = new KeyLayout(table, profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal));
            var heldRows = held.Rows(table.Name).ToList();
            var streamedRows = streamed.Rows(table.Name).ToList();
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var f = layout.ColumnFk[c];
                if (f < 0 || layout.Pairs.Any(p => p.Second == f))
                    continue;
                // the same parents the same number of times (the allocation is shared); the primary FK in the same rows
                var heldValues = heldRows.Select(r => Key(r[c])).ToList();
                var streamedValues = streamedRows.Select(r => Key(r[c])).ToList();
                if (f == layout.PrimaryFk)
                    Assert.Equal(heldValues, streamedValues);
                heldValues.Sort(StringComparer.Ordinal);
                streamedValues.Sort(StringComparer.Ordinal);
                Assert.Equal(heldValues, streamedValues);
                checkedColumns++;
            }
        }

        Assert.True(checkedColumns > 5, $"only {checkedColumns} FK columns compared");
    }

    [Fact]
    public void Streamed_Chinook_keeps_the_strongest_fan_out_correlation_of_a_table_without_a_pair_key()
    {
        // Track: the correlator's pair (GenreId × MediaTypeId, profiled r = 0.288) re-paired per window when streamed
        var profile = ProfileSerializer.Deserialize(TestProfiles.ShippedJson("chinook.json"), "chinook.json");
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 40 });
        var track = profile.Tables.Single(t => t.Name == "Track");
        var rows = Streamed(profile, plan).Rows("Track").ToList();
        Assert.True(Integrity.SameRows(rows, Streamed(profile, plan).Rows("Track", 4, 4099).ToList()), "1 and 4 workers differ");
        var genre = track.Columns.ToList().FindIndex(c => c.Name == "GenreId");
        var media = track.Columns.ToList().FindIndex(c => c.Name == "MediaTypeId");
        var pairs = rows.Where(r => r[genre] is not null && r[media] is not null).Select(r => (G: r[genre]!, M: r[media]!)).ToList();
        var genreFanOut = pairs.GroupBy(p => p.G).ToDictionary(g => g.Key, g => (double)g.Count());
        var mediaFanOut = pairs.GroupBy(p => p.M).ToDictionary(g => g.Key, g => (double)g.Count());
        var x = pairs.Select(p => genreFanOut[p.G]).ToArray();
        var y = pairs.Select(p => mediaFanOut[p.M]).ToArray();
        var r = MathNet.Numerics.Statistics.Correlation.Pearson(x, y);
        Assert.InRange(r, 0.288 - 0.05, 0.288 + 0.05);
    }

    [Fact]
    public void A_table_beyond_int_rows_is_streamed_and_reads_any_row_from_per_parent_state()
    {
        // 3 billion children of 3 million parents: the in-memory assignment could not even index them
        var profile = TestProfiles.Database(
            TestProfiles.Table("parent", 3, [TestProfiles.Id()]),
            TestProfiles.Table("child", 3000, [TestProfiles.Id(), TestProfiles.Int("parent_id")],
                foreignKeys: [TestProfiles.Fk("fk_parent", "parent_id", "parent", stats: TestProfiles.FanOut(0, (1000, 3)))]));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 1e6 });
        var generator = new RowGenerator(profile, plan);
        Assert.Equal(3_000_000_000, generator.RowCount("child"));
        var late = generator.Rows("child", 2_999_999_990, 10).ToList();
        // the primary FK's children are contiguous per parent: the last thousand rows are the last parent's
        Assert.All(late, row => Assert.Equal(3_000_000L, row[1]));
        Assert.Equal(2_999_999_991L, late[0][0]);
    }

    [Fact]
    public void A_self_reference_beyond_int_rows_is_refused_with_the_fix()
    {
        var profile = TestProfiles.Database(
            TestProfiles.Table("node", 10, [TestProfiles.Id(), TestProfiles.Int("parent_id", nullable: true, nullFraction: 0.1)],
                foreignKeys: [TestProfiles.Fk("fk_node", "parent_id", "node", stats: TestProfiles.FanOut(0.1, (9, 1)))]));
        var error = Assert.Throws<PlanValidationException>(() => GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 3e8 }));
        Assert.Contains("assigned in memory", error.Message, StringComparison.Ordinal);
        Assert.Contains("lower its factor", error.Message, StringComparison.Ordinal);
    }

    private static string Key(object? value) => value?.ToString() ?? "∅";

    private static RowGenerator Streamed(DatabaseProfile profile, GenerationPlan plan) => new(profile, plan, null, streamingRows: 0);
}
