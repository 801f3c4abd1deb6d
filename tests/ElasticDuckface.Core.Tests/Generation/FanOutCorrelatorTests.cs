using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using static ElasticDuckface.Core.Tests.Generation.TestProfiles;

namespace ElasticDuckface.Core.Tests.Generation;

public class FanOutCorrelatorTests
{
    private const int AColumn = 1;
    private const int BColumn = 2;

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(-0.3, false)]
    [InlineData(0.5, true)]
    [InlineData(-0.3, true)]
    public void Generated_fan_out_correlation_is_within_0_05_of_the_profile_and_fan_outs_do_not_change(double target, bool pairKey)
    {
        var (withR, withoutR) = (Generate(Profile(target, pairKey)), Generate(Profile(null, pairKey)));

        Assert.Equal(5000, withR.Count);
        Assert.InRange(Pearson(withR), target - 0.05, target + 0.05);
        Assert.InRange(Math.Abs(Pearson(withoutR)), 0, 0.05);
        Assert.Equal(FanOutHistogram(withoutR, AColumn), FanOutHistogram(withR, AColumn));
        Assert.Equal(FanOutHistogram(withoutR, BColumn), FanOutHistogram(withR, BColumn));
        Assert.Equal(withoutR.Select(r => r[AColumn]), withR.Select(r => r[AColumn]));
        AssertContiguous(withR.Select(r => r[AColumn]).ToList());
    }

    [Fact]
    public void Pair_key_stays_free_of_duplicates_and_nulls_stay_in_place_with_a_correlation()
    {
        var profile = Profile(-0.3, pairKey: true, nullableB: true);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Seed = 5 });
        var data = Integrity.Generate(new RowGenerator(profile, plan), plan);
        Assert.Empty(Integrity.Problems(profile, plan, data));
        var baseline = Generate(Profile(null, pairKey: true, nullableB: true), seed: 5);
        Assert.Equal(baseline.Select(r => r[BColumn] is null), data["c"].Select(r => r[BColumn] is null));
        Assert.InRange(Pearson(data["c"]), -0.35, -0.25);
    }

    [Fact]
    public void Same_seed_gives_the_same_re_pairing()
    {
        var profile = Profile(0.5, pairKey: false);
        Assert.Equal(Generate(profile).Select(r => r[BColumn]), Generate(profile).Select(r => r[BColumn]));
        Assert.NotEqual(Generate(profile, seed: 1).Select(r => r[BColumn]), Generate(profile, seed: 2).Select(r => r[BColumn]));
    }

    [Fact]
    public void Re_pairing_permutes_only_the_rows_where_both_keys_are_set()
    {
        var first = new[] { 0, 0, 0, 1, 1, 2, -1, 3, 3, 3, 3 };
        var second = new[] { 0, 0, 0, 1, 1, 2, 4, -1, 3, 3, 4 };
        var before = second.Where((v, r) => first[r] >= 0 && v >= 0).Order().ToArray();
        var achieved = FanOutCorrelator.Correlate(first, second, 4, 5, 0.9, seed: 7);
        Assert.NotNull(achieved);
        Assert.Equal(4, second[6]);
        Assert.Equal(-1, second[7]);
        Assert.Equal(before, second.Where((v, r) => first[r] >= 0 && v >= 0).Order().ToArray());
        Assert.Equal(achieved.Value, FanOutCorrelator.Pearson(first, second, 4, 5), 12);
    }

    private static List<object?[]> Generate(DatabaseProfile profile, int seed = 0)
    {
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Seed = seed });
        return [.. new RowGenerator(profile, plan).Rows("c")];
    }

    // a: 500 parents, b: 800 parents, c: 5,000 children with one reference to each
    private static DatabaseProfile Profile(double? correlation, bool pairKey, bool nullableB = false)
    {
        var a = Table("a", 500, [Id()]);
        var b = Table("b", 800, [Id()]);
        var bNulls = nullableB ? 0.1 : 0;
        var fkA = Fk("fk_c_a", "a_id", "a", stats: FanOut(0, (2, 100), (5, 100), (10, 100), (15, 100), (18, 100)));
        var fkB = Fk("fk_c_b", "b_id", "b", stats: FanOut(bNulls, (1, 200), (4, 200), (8, 200), (12, 200)));
        var c = Table("c", 5000, [Id(), Int("a_id"), Int("b_id", nullable: nullableB, nullFraction: bNulls)], foreignKeys: [fkA, fkB],
            uniqueKeys: pairKey ? [new KeyProfile("uk_c_pair", ["a_id", "b_id"])] : null);
        if (correlation is { } r)
        {
            c = c with
            {
                JointForeignKeys =
                [
                    new JointForeignKeyProfile
                    {
                        First = new ForeignKeyReference(fkA.Name, fkA.Columns),
                        Second = new ForeignKeyReference(fkB.Name, fkB.Columns),
                        Rows = 5000,
                        FanOutCorrelation = r,
                    },
                ],
            };
        }

        return Database(a, b, c);
    }

    // computed from the generated values, independently of FanOutCorrelator.Pearson
    private static double Pearson(List<object?[]> rows)
    {
        var degA = rows.Where(r => r[AColumn] is not null).GroupBy(r => (long)r[AColumn]!).ToDictionary(g => g.Key, g => (double)g.Count());
        var degB = rows.Where(r => r[BColumn] is not null).GroupBy(r => (long)r[BColumn]!).ToDictionary(g => g.Key, g => (double)g.Count());
        var pairs = rows.Where(r => r[AColumn] is not null && r[BColumn] is not null)
            .Select(r => (X: degA[(long)r[AColumn]!], Y: degB[(long)r[BColumn]!])).ToList();
        var mx = pairs.Average(p => p.X);
        var my = pairs.Average(p => p.Y);
        var cov = pairs.Sum(p => (p.X - mx) * (p.Y - my));
        var vx = pairs.Sum(p => (p.X - mx) * (p.X - mx));
        var vy = pairs.Sum(p => (p.Y - my) * (p.Y - my));
        return cov / Math.Sqrt(vx * vy);
    }

    // fan-out → number of parents that have it (parents without children are not visible in the child rows and are
    // the same in both runs when the rest is)
    private static SortedDictionary<int, int> FanOutHistogram(List<object?[]> rows, int column)
    {
        var histogram = new SortedDictionary<int, int>();
        foreach (var g in rows.Where(r => r[column] is not null).GroupBy(r => (long)r[column]!))
            histogram[g.Count()] = histogram.GetValueOrDefault(g.Count()) + 1;
        return histogram;
    }

    private static void AssertContiguous(List<object?> values)
    {
        var changes = values.Zip(values.Skip(1)).Count(p => !Equals(p.First, p.Second));
        Assert.Equal(values.Distinct().Count() - 1, changes);
    }
}
