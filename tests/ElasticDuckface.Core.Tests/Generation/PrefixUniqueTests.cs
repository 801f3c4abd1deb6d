using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>
/// Issue 10: a unique key on a column prefix (MySQL <c>UNIQUE KEY (name(N))</c>, kept in the profile's
/// <c>prefixLengths</c>) compares only the first N characters, so the generated values must differ there.
/// </summary>
public sealed class PrefixUniqueTests
{
    private static List<object?> Values(TableProfile table)
    {
        var profile = TestProfiles.Database(table);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions());
        return [.. new RowGenerator(profile, plan).Rows(table.Name).Select(r => r[1])];
    }

    private static TableProfile Table(ColumnProfile column, int prefix, long rows) =>
        TestProfiles.Table("t", rows, [TestProfiles.Id(), column]) with
        {
            UniqueKeys = [new KeyProfile("u", [column.Name]) { PrefixLengths = [prefix] }],
        };

    [Theory]
    [InlineData(TextShape.FreeText, 4)]
    [InlineData(TextShape.FreeText, 6)]
    [InlineData(TextShape.Uuid, 8)]
    [InlineData(TextShape.Email, 5)]
    [InlineData(TextShape.Hostname, 10)]
    public void Values_of_a_unique_key_on_a_prefix_differ_within_the_prefix_and_keep_their_length(TextShape shape, int prefix)
    {
        var column = TestProfiles.Text("name", 255, shape) with
        {
            Stats = new ColumnStatistics { Distribution = new TextDistribution { Shape = shape, Lengths = [30, 40, 60] } },
        };

        var values = Values(Table(column, prefix, 20_000)).Cast<string>().ToList();

        Assert.Equal(values.Count, values.Select(v => v[..prefix]).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.InRange(values.Average(v => v.Length), 30, 60);
    }

    [Fact]
    public void Binary_values_of_a_unique_key_on_a_prefix_differ_within_its_bytes()
    {
        var column = TestProfiles.Column("hash", "VARBINARY(64)", ColumnCategory.Binary, null, length: 64);

        var values = Values(Table(column, 2, 5_000)).Cast<byte[]>().ToList();

        Assert.Equal(values.Count, values.Select(v => Convert.ToHexString(v.AsSpan(0, 2))).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_prefix_too_short_for_the_rows_is_refused_naming_the_prefix()
    {
        var table = Table(TestProfiles.Text("name", 255), 2, 5_000);
        var profile = TestProfiles.Database(table);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions());

        var refused = Assert.Throws<PlanValidationException>(() => new RowGenerator(profile, plan).Rows("t").ToList());

        Assert.Contains("is unique on its first 2 characters (a key prefix), too few", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unique_key_on_the_whole_column_keeps_the_name_prefix_of_its_values()
    {
        var table = TestProfiles.Table("t", 100, [TestProfiles.Id(), TestProfiles.Text("name", 64) with
        {
            Stats = new ColumnStatistics { Distribution = new TextDistribution { Lengths = [20, 20] } },
        }]) with { UniqueKeys = [new KeyProfile("u", ["name"])] };

        Assert.All(Values(table).Cast<string>(), v => Assert.StartsWith("nam-", v, StringComparison.Ordinal));
        Assert.Null(SchemaFacts.KeyPrefix(table, "name"));
    }
}
