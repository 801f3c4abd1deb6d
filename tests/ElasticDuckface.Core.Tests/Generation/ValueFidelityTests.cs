using System.Globalization;
using System.Text.Json;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>Value-level fidelity of the generator: NULL counts, shaped text lengths, rare categories, row states.</summary>
public class ValueFidelityTests
{
    private static List<object?[]> Generate(TableProfile table, double scale = 1, long seed = 0)
    {
        var profile = TestProfiles.Database(table);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale, Seed = seed });
        return new RowGenerator(profile, plan).Rows(table.Name).ToList();
    }

    [Property(MaxTest = 60)]
    public Property Nullable_columns_get_exactly_the_profiled_share_of_nulls_at_any_size(PositiveInt rows, byte percent)
    {
        var n = Math.Min(rows.Get, 5_000);
        var fraction = percent % 101 / 100.0;
        var table = TestProfiles.Table("t", n, [TestProfiles.Id(), TestProfiles.Int("v", nullable: true, nullFraction: fraction,
            distribution: new NumericDistribution { Integer = true, Quantiles = [0, 100] })]);
        var nulls = Generate(table).Count(r => r[1] is null);
        return (nulls == (long)Math.Round(fraction * n, MidpointRounding.AwayFromZero)).Label($"{nulls} NULLs of {n} at {fraction}");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(120)]
    [InlineData(1388)]
    public void Json_text_is_valid_json_of_the_profiled_length(int length)
    {
        var table = TestProfiles.Table("t", 200, [TestProfiles.Id(), TestProfiles.Column("doc", "TEXT", ColumnCategory.Text,
            new TextDistribution { Shape = TextShape.Json, Lengths = [length, length] })]);
        foreach (var row in Generate(table))
        {
            var text = (string)row[1]!;
            Assert.Equal(length, text.Length);
            using var doc = JsonDocument.Parse(text);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        }
    }

    [Fact]
    public void Json_text_never_exceeds_a_column_too_short_for_json()
    {
        // found by the random-schema property: a VARCHAR(1) column profiled as JSON got "{}"
        var table = TestProfiles.Table("t", 50, [TestProfiles.Id(), TestProfiles.Column("doc", "VARCHAR(1)", ColumnCategory.String,
            new TextDistribution { Shape = TextShape.Json, Lengths = [0, 1] }, length: 1)]);
        Assert.All(Generate(table), row => Assert.InRange(((string)row[1]!).Length, 0, 1));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(11)]
    [InlineData(15)]
    public void Ipv4_addresses_are_private_and_of_the_profiled_length(int length)
    {
        var table = TestProfiles.Table("t", 300, [TestProfiles.Id(), TestProfiles.Column("ip", "VARCHAR(39)", ColumnCategory.String,
            new TextDistribution { Shape = TextShape.Ipv4, Lengths = [length, length] })]);
        foreach (var row in Generate(table))
        {
            var ip = (string)row[1]!;
            Assert.Equal(length, ip.Length);
            Assert.True(System.Net.IPAddress.TryParse(ip, out var parsed), ip);
            Assert.True(parsed.GetAddressBytes() is [10, ..] or [192, 168, ..], ip);
        }
    }

    [Fact]
    public void Rare_categories_come_from_a_pool_the_size_of_the_profiled_distinct_count_at_any_scale()
    {
        var column = TestProfiles.Column("country", "VARCHAR(40)", ColumnCategory.String, null) with
        {
            Stats = new ColumnStatistics
            {
                DistinctCount = 24,
                Distribution = new CategoricalDistribution
                {
                    Values = [new("USA", 0.5), new("Canada", 0.2)],
                    OtherFraction = 0.3,
                    Other = new TextDistribution { Shape = TextShape.Word, Lengths = [5, 9] },
                },
            },
        };
        var table = TestProfiles.Table("t", 1_000, [TestProfiles.Id(), column]);
        foreach (var scale in new[] { 1.0, 20 })
        {
            var distinct = Generate(table, scale).Select(r => (string)r[1]!).Distinct().Count();
            Assert.InRange(distinct, 15, 24);
        }
    }

    [Fact]
    public void An_ordering_keeps_every_row_in_order_within_the_snapshot_and_takes_its_nulls_from_the_anchor()
    {
        static ColumnProfile Date(string name, bool nullable, double nulls, string first, string last) => TestProfiles.Column(name,
            "DATETIME", ColumnCategory.DateTime,
            new DateTimeDistribution { HasTime = true, Quantiles = [first, last] }, nullable, nulls);
        var table = TestProfiles.Table("vm", 2_000,
            [TestProfiles.Id(), Date("created_at", false, 0, "2020-01-01T00:00:00", "2022-01-01T00:00:00"),
             Date("updated_at", true, 0.5, "2020-01-02T00:00:00", "2022-06-01T00:00:00"),
             Date("deleted_at", true, 0.8, "2020-01-03T00:00:00", "2022-06-01T00:00:00")]) with
        {
            Orderings =
            [
                new ColumnOrderingProfile { Column = "updated_at", After = "created_at", Rows = 100, Share = 1,
                    GapSeconds = [0, 86_400, 8_640_000], NullWhenAfterSet = 0.5 },
                new ColumnOrderingProfile { Column = "deleted_at", After = "updated_at", Rows = 20, Share = 1, GapSeconds = [0, 0, 60],
                    NullWhenAfterNull = 1, NullWhenAfterSet = 0.6 },
            ],
        };
        var rows = Generate(table, scale: 1, seed: 5);
        var snapshot = new DateTime(2022, 6, 1);
        Assert.All(rows, r =>
        {
            var (created, updated, deleted) = ((DateTime)r[1]!, r[2] as DateTime?, r[3] as DateTime?);
            Assert.True(updated is null || (updated >= created && updated <= snapshot), $"{created} {updated}");
            Assert.True(deleted is null || (updated is not null && deleted >= updated && deleted <= snapshot), $"{updated} {deleted}");
        });
        Assert.InRange(rows.Count(r => r[2] is null), 900, 1_100);   // NullWhenAfterSet 0.5 of 2,000
        Assert.InRange(rows.Count(r => r[3] is not null), 320, 480); // 40% of the updated ones
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(5.0)]
    public void Chained_orderings_never_walk_out_of_each_columns_profiled_range(double scale)
    {
        // Sakila on MariaDB (issue 14): rentals 2005-05 to 2006-02, returns days later, a last update months after the
        // return; gaps added on top of each other used to carry the chain to 2024
        static ColumnProfile Date(string name, string first, string last) => TestProfiles.Column(name, "DATETIME", ColumnCategory.DateTime,
            new DateTimeDistribution { HasTime = true, Quantiles = [first, "2005-08-01T00:00:00", last] });
        var ranges = new[]
        {
            ("rental_date", "2005-05-01T00:00:00", "2006-02-01T00:00:00"),
            ("return_date", "2005-05-02T00:00:00", "2006-02-10T00:00:00"),
            ("last_update", "2006-01-01T00:00:00", "2006-02-15T00:00:00"),
        };
        var table = TestProfiles.Table("rental", 3_000, [TestProfiles.Id(), .. ranges.Select(r => Date(r.Item1, r.Item2, r.Item3))]) with
        {
            Orderings =
            [
                new ColumnOrderingProfile
                {
                    Column = "return_date", After = "rental_date", Rows = 1_000, Share = 1, GapSeconds = [3_600, 259_200, 864_000],
                },
                new ColumnOrderingProfile
                {
                    Column = "last_update", After = "return_date", Rows = 1_000, Share = 1, GapSeconds = [0, 2_592_000, 31_536_000],
                },
            ],
        };
        var rows = Generate(table, scale, seed: 3);
        for (var c = 0; c < ranges.Length; c++)
        {
            var (name, first, last) = ranges[c];
            var (lo, hi) = (DateTime.Parse(first, CultureInfo.InvariantCulture), DateTime.Parse(last, CultureInfo.InvariantCulture));
            Assert.All(rows, r => Assert.True((DateTime)r[c + 1]! >= lo && (DateTime)r[c + 1]! <= hi, $"{name} {r[c + 1]}"));
        }

        // where a gap fits, the order holds
        Assert.True(rows.Count(r => (DateTime)r[2]! >= (DateTime)r[1]!) >= 0.99 * rows.Count);
    }

    [Fact]
    public void Unique_text_keeps_its_textual_numbers_uuid_version_and_constant_parts()
    {
        var number = TestProfiles.Column("code", "TEXT", ColumnCategory.Text,
            new NumericDistribution { Integer = true, Quantiles = [1000, 5000], Format = "0" });
        var request = TestProfiles.Column("request_id", "VARCHAR(64)", ColumnCategory.String,
            new TextDistribution { Shape = TextShape.Uuid, Lengths = [40, 40], Prefix = "req-", UuidVersion = 4 });
        var name = TestProfiles.Column("name", "VARCHAR(64)", ColumnCategory.String,
            new TextDistribution { Shape = TextShape.Hex, Lengths = [17, 17], Prefix = "instance-" });
        var table = TestProfiles.Table("t", 2_000, [TestProfiles.Id(), number, request, name],
            uniqueKeys: [new KeyProfile("u_code", ["code"]), new KeyProfile("u_request", ["request_id"]),
                new KeyProfile("u_name", ["name"])]);
        var rows = Generate(table, scale: 1.5);
        for (var c = 1; c <= 3; c++)
            Assert.Equal(rows.Count, rows.Select(r => (string)r[c]!).Distinct().Count());
        Assert.All(rows, r => Assert.Matches("^[1-9][0-9]*$", (string)r[1]!));
        Assert.All(rows, r => Assert.Matches("^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", (string)r[2]!));
        Assert.All(rows, r => Assert.Matches("^instance-[0-9a-f]{8}$", (string)r[3]!));
    }

    [Fact]
    public void Without_a_row_state_the_gap_comes_from_the_anchors_quarter()
    {
        var created = TestProfiles.Column("created_at", "DATETIME", ColumnCategory.DateTime,
            new DateTimeDistribution { HasTime = true, Quantiles = ["2020-01-01T00:00:00", "2021-01-01T00:00:00"] });
        var updated = TestProfiles.Column("updated_at", "DATETIME", ColumnCategory.DateTime,
            new DateTimeDistribution { HasTime = true, Quantiles = ["2020-01-01T00:00:00", "2021-06-01T00:00:00"] });
        var table = TestProfiles.Table("t", 1_000, [TestProfiles.Id(), created, updated]) with
        {
            Orderings =
            [
                new ColumnOrderingProfile
                {
                    Column = "updated_at", After = "created_at", Rows = 1_000, Share = 1, GapSeconds = [0, 1_000_000],
                    GapSecondsByAfter =
                    [
                        new GapStratum { Until = "2020-07-01T00:00:00", GapSeconds = [500_000, 1_000_000] },
                        new GapStratum { GapSeconds = [0, 10] },
                    ],
                },
            ],
        };
        foreach (var row in Generate(table, seed: 2))
        {
            var (c, u) = ((DateTime)row[1]!, (DateTime)row[2]!);
            var gap = (u - c).TotalSeconds;
            if (c < new DateTime(2020, 7, 1))
                Assert.InRange(gap, 500_000, 1_000_000);
            else
                Assert.InRange(gap, 0, 10);
        }
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(10, 0)]
    [InlineData(15, 0.125)]
    [InlineData(30, 0.375)]
    [InlineData(40, 0.5)]
    [InlineData(50, 0.625)]
    [InlineData(90, 1)]
    public void Cdf_inverts_the_quantile_interpolation(double x, double expected)
    {
        double[] quantiles = [10, 20, 40, 60, 90];
        Assert.Equal(expected, Math.Round(ValueSampler.Cdf(quantiles, x), 6));
        if (expected is > 0 and < 1)
            Assert.Equal(x, ValueSampler.InverseCdf(quantiles, expected), 6);
    }

    [Fact]
    public void A_row_state_sets_its_columns_together_and_children_follow_their_parents()
    {
        var parentState = new RowStateProfile
        {
            Column = "deleted_at",
            Fraction = 0.2,
            Columns =
            [
                new ConditionalColumnProfile
                {
                    Name = "deleted",
                    Association = 1,
                    WhenSet = new ColumnStatistics { Distribution = new SameAsDistribution("id", 1) },
                    WhenUnset = new ColumnStatistics { Distribution = new CategoricalDistribution { Values = [new("0", 1)] } },
                },
            ],
        };
        var deletedAt = TestProfiles.Column("deleted_at", "DATETIME", ColumnCategory.DateTime,
            new DateTimeDistribution { HasTime = true, Quantiles = ["2022-01-01T00:00:00", "2022-12-31T00:00:00"] }, nullable: true);
        var parent = TestProfiles.Table("vm", 500, [TestProfiles.Id(), TestProfiles.Int("deleted"),
            deletedAt]) with { RowState = parentState };
        var child = TestProfiles.Table("disk", 1_500, [TestProfiles.Id(), TestProfiles.Int("vm_id"), TestProfiles.Int("deleted"),
            deletedAt],
            foreignKeys: [TestProfiles.Fk("fk_disk_vm", "vm_id", "vm", stats: TestProfiles.FanOut(0, (3, 500)))]) with
        {
            RowState = parentState with
            {
                Parents = [new ParentStateProfile { ForeignKey = new("fk_disk_vm", ["vm_id"]), Rows = 1_500, ParentSetFraction = 0.2,
                    SetGivenParentSet = 1, SetGivenParentUnset = 0, Correlation = 1 }],
            },
        };
        var profile = TestProfiles.Database(parent, child);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 4, Seed = 3 });
        var generator = new RowGenerator(profile, plan);
        var vms = generator.Rows("vm").ToList();
        var deletedVms = vms.Where(r => r[2] is not null).Select(r => r[0]).ToHashSet();
        Assert.All(vms, r => Assert.Equal(r[2] is null ? 0L : r[0], r[1]));
        Assert.InRange(deletedVms.Count, 300, 500);   // 20% of 2,000

        var disks = generator.Rows("disk").ToList();
        Assert.All(disks, r => Assert.Equal(deletedVms.Contains(r[1]), r[3] is not null));
        Assert.All(disks, r => Assert.Equal(r[3] is null ? 0L : r[0], r[2]));
    }
}
