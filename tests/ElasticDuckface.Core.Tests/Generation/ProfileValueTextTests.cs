using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>
/// Values as the profile writes them (a categorical value, a public table's verbatim value) come back exactly: a time as
/// seconds, binary as hex, an integer beyond 2^53 in full; and BIGINT UNSIGNED values near 2^64 are generated in range.
/// </summary>
public class ProfileValueTextTests
{
    private static ColumnInfo Info(string sqlType, ColumnCategory category, bool unsigned = false)
    {
        var column = new ColumnProfile { Name = "c", SqlType = sqlType, Category = category, Unsigned = unsigned };
        return new ColumnInfo(column, NamedColumnTypeMap.Common.Canonical(column));
    }

    private static List<object?[]> Generate(TableProfile table)
    {
        var profile = TestProfiles.Database(table);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 1, Seed = 1 });
        return new RowGenerator(profile, plan).Rows(table.Name).ToList();
    }

    [Theory]
    // the profile's seconds: TimeSpan.TryParse read "28800" as 28,800 days and refused "3723.456"
    [InlineData("28800", 8, 0, 0, 0)]
    [InlineData("63000", 17, 30, 0, 0)]
    [InlineData("3723.456", 1, 2, 3, 456)]
    [InlineData("0", 0, 0, 0, 0)]
    // the text of a value that was not normalised to seconds still reads
    [InlineData("09:00:00", 9, 0, 0, 0)]
    public void A_time_value_of_the_profile_is_read_as_seconds(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        Assert.Equal(new TimeSpan(0, hours, minutes, seconds, milliseconds), Info("time(3)", ColumnCategory.Time).FromText(text));
    }

    [Fact]
    public void A_time_value_keeps_its_microseconds_and_a_negative_time_its_sign()
    {
        var info = Info("time(6)", ColumnCategory.Time);
        Assert.Equal(TimeSpan.FromTicks(37_230_000_010), info.FromText("3723.000001"));
        Assert.Equal(TimeSpan.FromHours(-838) - TimeSpan.FromSeconds(3599), info.FromText("-3020399"));
    }

    [Fact]
    public void A_categorical_time_column_generates_exactly_its_profiled_values()
    {
        var values = new CategoricalDistribution { Values = [new("32400", 0.5), new("63000", 0.5)] };
        var table = TestProfiles.Table("t", 200, [TestProfiles.Id(), TestProfiles.Column("b", "time", ColumnCategory.Time, values)]);
        var generated = Generate(table).Select(r => (TimeSpan)r[1]!).ToHashSet();
        Assert.Equal([TimeSpan.FromHours(9), new TimeSpan(17, 30, 0)], generated.Order());
    }

    [Fact]
    public void A_categorical_binary_value_is_its_hex()
    {
        Assert.Equal(new byte[] { 0xCA, 0xFE }, Info("varbinary(4)", ColumnCategory.Binary).FromText("CAFE"));
    }

    [Fact]
    public void Integer_values_beyond_2_to_the_53_are_read_exactly()
    {
        Assert.Equal(9_007_199_254_740_993L, Info("bigint", ColumnCategory.Integer).FromText("9007199254740993"));
        var unsigned = Info("bigint unsigned", ColumnCategory.Integer, unsigned: true);
        Assert.Equal(18_446_744_073_709_551_615m, unsigned.FromText("18446744073709551615"));
        Assert.Equal(long.MaxValue, unsigned.FromText("9223372036854775807"));
        // the old profiles' doubles: within the type
        Assert.Equal(18_446_744_073_709_551_615m, unsigned.FromText("1.8446744073709552E+19"));
        Assert.Equal(long.MaxValue, Info("bigint", ColumnCategory.Integer).FromText("1.8446744073709552E+19"));
    }

    [Fact]
    public void A_unique_bigint_unsigned_near_2_to_the_64_gets_distinct_values_in_its_range()
    {
        // what a profile of 200 values near 1.8e19 holds (quantiles as doubles); they were generated as 114, 145, ...
        var near = new NumericDistribution { Integer = true, Quantiles = [1.84467440737095E19, 1.84467440737095E19] };
        var column = TestProfiles.Column("h", "bigint unsigned", ColumnCategory.Integer, near) with { Unsigned = true };
        var table = TestProfiles.Table("u", 200, [TestProfiles.Id(), column], uniqueKeys: [new KeyProfile("uq_h", ["h"])]);
        var values = Generate(table).Select(r => Convert.ToDecimal(r[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(200, values.Distinct().Count());
        Assert.All(values, v => Assert.InRange(v, 1.8e19m, ulong.MaxValue));
    }

    [Fact]
    public void A_bigint_unsigned_near_2_to_the_64_is_generated_above_2_to_the_63_not_clamped_to_it()
    {
        var near = new NumericDistribution { Integer = true, Quantiles = [1.84e19, 1.845e19] };
        var column = TestProfiles.Column("h", "bigint unsigned", ColumnCategory.Integer, near) with { Unsigned = true };
        var values = Generate(TestProfiles.Table("u", 200, [TestProfiles.Id(), column])).Select(r => r[1]).ToList();
        Assert.All(values, v => Assert.InRange(Assert.IsType<decimal>(v), 1.84e19m, ulong.MaxValue));
        Assert.True(values.Distinct().Count() > 100);
        Assert.True(ProfiledIntegers.BeyondInt64(column));
        Assert.False(ProfiledIntegers.BeyondInt64(TestProfiles.Int("s", distribution: new NumericDistribution { Quantiles = [1, 9e15] })));
    }
}
