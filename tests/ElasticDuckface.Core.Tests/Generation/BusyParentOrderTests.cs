using System.Globalization;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>
/// Issue 14, busy parents: keys of a recorded correlation take their fan-outs in the order of a shared per-parent score,
/// which moves no count (each key's fan-outs are the shuffle's, only placed otherwise), keeps every reference valid and
/// stays deterministic across workers, shards and the streamed path.
/// </summary>
[Properties(Arbitrary = [typeof(RandomSchemaArbitraries)], MaxTest = 60)]
public class BusyParentOrderTests
{
    /// <summary>The schema with a busy-parent correlation (a seeded ρ) for every pair of keys into one parent.</summary>
    private static DatabaseProfile WithBusyParents(RandomSchema schema)
    {
        var rnd = new Random(schema.Seed ^ 0xB05);
        var keys = schema.Profile.Tables
            .SelectMany(t => t.ForeignKeys.Where(f => f.ReferencedTable != t.Name)
                .Select(f => (Parent: f.ReferencedTable, Key: new ChildForeignKeyReference(t.Name, f.Name, f.Columns))))
            .ToList();
        return schema.Profile with
        {
            Tables = [.. schema.Profile.Tables.Select(t =>
            {
                var into = keys.Where(k => k.Parent == t.Name).Select(k => k.Key).ToList();
                var pairs = new List<ChildFanOutCorrelation>();
                for (var a = 0; a < into.Count; a++)
                {
                    for (var b = a + 1; b < into.Count; b++)
                        pairs.Add(new() { First = into[a], Second = into[b], Spearman = Math.Round((rnd.NextDouble() * 1.8) - 0.9, 3) });
                }

                return t with { ChildFanOutCorrelations = pairs };
            })],
        };
    }

    /// <summary>
    /// Per key (table.fk), its fan-outs over the parents' rows, sorted: the law, whatever the order. Keys of a pair key
    /// (two keys forming a unique key) are left out: their duplicate repair may move a child to another parent when a
    /// pairing collides, in either order, so their law is the allocator's only up to that repair. Keys with a fan-out per
    /// parent state are left out too: their law is kept per state, and the parent's states follow the parent's own
    /// parents, whose order the scores move (FsCheck found it: t1's deleted rows moved with t1 → t0, so t2 → t1 mixed
    /// its two per-state laws in another proportion).
    /// </summary>
    private static Dictionary<string, long[]> FanOutLaws(DatabaseProfile profile, Dictionary<string, List<object?[]>> data)
    {
        var result = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var tables = profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var t in profile.Tables)
        {
            var layout = new KeyLayout(t, tables);
            var paired = layout.Pairs.SelectMany(p => new[] { p.First, p.Second }).Select(f => layout.ForeignKeys[f].Name).ToHashSet();
            foreach (var fk in t.ForeignKeys.Where(f => f.ReferencedTable != t.Name && !paired.Contains(f.Name)
                         && f.Stats?.ByParentState is null))
            {
                var parent = profile.Tables.Single(p => p.Name == fk.ReferencedTable);
                var pIdx = fk.ReferencedColumns.Select(c => parent.ColumnIndex(c)).ToArray();
                var cIdx = fk.Columns.Select(c => t.ColumnIndex(c)).ToArray();
                string Key(object?[] row, int[] idx) =>
                    string.Join("|", idx.Select(i => Convert.ToString(row[i], CultureInfo.InvariantCulture)));
                var counts = data[t.Name].Where(r => cIdx.All(i => r[i] is not null)).GroupBy(r => Key(r, cIdx))
                    .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
                result[t.Name + "." + fk.Name] = [.. data[parent.Name].Select(r => counts.GetValueOrDefault(Key(r, pIdx))).Order()];
            }
        }

        return result;
    }

    [Property]
    public Property Ordered_keys_keep_counts_laws_and_integrity(RandomSchema schema)
    {
        if (RowGeneratorTests.FeasiblePlan(schema) is not { } plan)
            return true.Classify(true, "infeasible plan rejected");
        var busy = WithBusyParents(schema);
        var ordered = Integrity.Generate(new RowGenerator(busy, plan), plan);
        var shuffled = Integrity.Generate(new RowGenerator(schema.Profile, plan), plan);
        var problems = Integrity.Problems(busy, plan, ordered);
        var (lawsOrdered, lawsShuffled) = (FanOutLaws(busy, ordered), FanOutLaws(schema.Profile, shuffled));
        var moved = lawsOrdered.Where(e => !e.Value.SequenceEqual(lawsShuffled[e.Key])).Select(e => e.Key).ToList();
        return (problems.Count == 0 && moved.Count == 0)
            .Label(string.Join("\n", problems.Take(10).Concat(moved.Select(m => "fan-out law moved: " + m))))
            .Classify(busy.Tables.Any(t => t.ChildFanOutCorrelations.Count > 0), "with busy parents");
    }

    [Property]
    public Property Ordered_keys_are_identical_across_workers_shards_and_the_streamed_path(RandomSchema schema, PositiveInt pick)
    {
        if (RowGeneratorTests.FeasiblePlan(schema) is not { } plan || plan.Tables.Sum(t => t.TargetRows) > 5_000)
            return true.Classify(true, "infeasible or too large");
        var busy = WithBusyParents(schema);
        var same = true;
        foreach (var streaming in (long[])[ParentAssigner.DefaultStreamingRows, 16])
        {
            var whole = plan.Tables.ToDictionary(t => t.Name, t => new RowGenerator(busy, plan, null, streaming).Rows(t.Name, 1).ToList());
            var count = 1 + (pick.Get % 4);
            var union = plan.Tables.ToDictionary(t => t.Name, _ => new List<object?[]>());
            for (var i = 0; i < count; i++)
            {
                var generator = new RowGenerator(busy, plan, null, streaming);
                foreach (var t in plan.Tables)
                    union[t.Name].AddRange(generator.Rows(t.Name, 3, 5, new Shard(i, count)));
            }

            same &= plan.Tables.All(t => Integrity.SameRows(whole[t.Name], union[t.Name]));
        }

        return same.Label("rows differ between 1 worker and 3 workers over shards").Classify(
            busy.Tables.Any(t => t.ChildFanOutCorrelations.Count > 0), "with busy parents");
    }

    [Property(MaxTest = 200)]
    public Property Scores_place_the_allocated_fan_outs_in_order_without_changing_them(NonNegativeInt parents, NonNegativeInt extra,
        int seed)
    {
        var p = 1 + (parents.Get % 300);
        var children = (long)(extra.Get % (5 * p));
        FanOutBin[] histogram = [new(0, 3), new(1, 5), new(4, 2), new(9, 1)];
        var scores = Enumerable.Range(0, p).Select(i => StableHash.Uniform((ulong)seed, i) - 0.5).ToArray();
        var shuffled = FanOutAllocator.Allocate(histogram, p, children, (ulong)seed);
        var ordered = FanOutAllocator.Allocate(histogram, p, children, (ulong)seed, scores: scores);
        var byScore = Enumerable.Range(0, p).OrderBy(i => scores[i]).Select(i => ordered[i]).ToList();
        return (ordered.Order().SequenceEqual(shuffled.Order()) && ordered.Sum(x => (long)x) == children
                && byScore.Zip(byScore.Skip(1)).All(x => x.First <= x.Second))
            .Label($"sum {ordered.Sum(x => (long)x)} of {children}");
    }

    [Fact]
    public void The_tree_keeps_the_strongest_pairs_as_edges_and_leaves_a_cycles_weakest_out()
    {
        // two clusters (x–y, z–w) weakly opposed (y–z), plus x–w closing a cycle: the weakest of that cycle is left out
        (string, string) X = ("A", "x"), Y = ("B", "y"), Z = ("C", "z"), W = ("D", "w");
        var tree = BusyParentOrder.Tree([(X, Y, 0.7), (Z, W, 0.6), (Y, Z, -0.3), (X, W, -0.1)], k => k);
        Assert.Equal(4, tree.Count);
        Assert.Null(tree[X].Parent);
        var edges = tree.Values.Where(l => l.Parent is not null)
            .Select(l => (Pair: string.Concat(new[] { l.Fk, l.Parent!.Value.Item2 }.Order()), l.R)).OrderBy(e => e.Pair).ToList();
        Assert.Equal([("wz", 0.6), ("xy", 0.7), ("yz", -0.3)], edges);
    }

    [Fact]
    public void Generated_rank_correlation_matches_the_profiled_one_for_tied_fan_outs()
    {
        // two children of 4,000 parents, mostly zeros and ones (ties weaken ρ: the calibration must make up for them)
        var parent = TestProfiles.Table("p", 4000, [TestProfiles.Id()]);
        TableProfile Child(string name, params (long, long)[] bins)
        {
            var fanOut = TestProfiles.FanOut(0, bins);
            return TestProfiles.Table(name, fanOut.ChildRows, [TestProfiles.Id(), TestProfiles.Int("p_id")])
                with { ForeignKeys = [TestProfiles.Fk("fk_" + name, "p_id", "p", stats: fanOut)] };
        }

        var a = Child("a", (0, 2400), (1, 1000), (2, 400), (5, 200));
        var b = Child("b", (0, 1000), (1, 1500), (3, 1000), (8, 500));
        foreach (var target in (double[])[0.6, -0.4])
        {
            var profile = TestProfiles.Database(parent with
            {
                ChildFanOutCorrelations = [new()
                {
                    First = new("a", "fk_a", ["p_id"]), Second = new("b", "fk_b", ["p_id"]), Spearman = target,
                }],
            }, a, b);
            foreach (var scale in (double[])[1, 3])
            {
                var plan = GenerationPlanner.Plan(profile, new ScaleOptions
                {
                    Seed = 3, TableScales = new Dictionary<string, double> { ["a"] = scale, ["b"] = scale },
                });
                var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
                var laws = PerParent(data, "a", 4000).Zip(PerParent(data, "b", 4000)).ToList();
                var rho = RankCorrelation.Spearman([.. laws.Select(x => x.First)], [.. laws.Select(x => x.Second)]);
                Assert.InRange(rho, target - 0.05, target + 0.05);
            }
        }
    }

    private static long[] PerParent(Dictionary<string, List<object?[]>> data, string child, int parents)
    {
        var index = data["p"].Select((r, i) => (Id: r[0], i)).ToDictionary(x => x.Id!, x => x.i);
        Assert.Equal(parents, index.Count);
        var counts = new long[parents];
        foreach (var row in data[child])
            counts[index[row[1]!]]++;
        return counts;
    }
}
