using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>Issue 12, fractions of a second: the profiled share and digits, the column's precision, the profiled range.</summary>
public sealed class FractionSamplerTests
{
    private const int Rows = 400;
    private static readonly DateTime s_min = new(2020, 1, 1, 0, 0, 0);
    private static readonly DateTime s_max = new(2020, 12, 31, 23, 59, 59);

    private static DatabaseProfile Profile(SecondFractions? fractions, int declared, string timeType = "time")
    {
        var suffix = declared == 0 ? "" : $"({declared})";
        ColumnProfile Temporal(string name, string type, ColumnCategory category, Distribution distribution) => new()
        {
            Name = name, SqlType = type + suffix, Category = category,
            Stats = new ColumnStatistics { DistinctCount = Rows, Distribution = distribution, Fractions = fractions },
        };
        var at = Temporal("at", "datetime", ColumnCategory.DateTime, new DateTimeDistribution
        {
            HasTime = true, Quantiles = ["2020-01-01T00:00:00", "2020-06-01T12:00:00", "2020-12-31T23:59:59"],
        });
        var elapsed = Temporal("elapsed", timeType, ColumnCategory.Time, new NumericDistribution { Quantiles = [0, 60, 3600] });
        return TestProfiles.Database(TestProfiles.Table("t", Rows, [TestProfiles.Id(), at, elapsed]));
    }

    private static List<object?[]> Generate(DatabaseProfile profile, int seed, IColumnTypeMap? types = null)
    {
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 1, Seed = seed });
        return new RowGenerator(profile, plan, types).Rows("t").ToList();
    }

    private static long FractionTicks(object? value) => value switch
    {
        DateTime t => t.Ticks % TimeSpan.TicksPerSecond,
        TimeSpan d => d.Ticks % TimeSpan.TicksPerSecond,
        _ => throw new InvalidOperationException($"not a date-time or time: {value}"),
    };

    /// <summary>Fraction digits of a value without trailing zeros (0 for whole seconds, up to 7 for ticks).</summary>
    private static int Digits(object? value)
    {
        var ticks = FractionTicks(value);
        var digits = ticks == 0 ? 0 : 7;
        while (digits > 0 && ticks % 10 == 0)
        {
            ticks /= 10;
            digits--;
        }

        return digits;
    }

    [Property(MaxTest = 40)]
    public Property Share_and_digits_follow_the_profile_within_the_declared_precision_and_the_range(
        byte sharePercent, byte digits, byte declared, int seed)
    {
        var share = sharePercent % 101 / 100.0;
        var d = 1 + digits % 6;
        var precision = declared % 7;
        var rows = Generate(Profile(new SecondFractions(share, d), precision), seed);
        var limit = Math.Min(d, precision);
        var problems = new List<string>();
        foreach (var c in new[] { 1, 2 })
        {
            var values = rows.Select(r => r[c]).ToList();
            var fractional = values.Count(v => FractionTicks(v) != 0);
            var expected = limit == 0 ? 0 : share;
            // 4 binomial standard deviations at 400 rows is at most 0.1; share 0 and 1 are exact
            var tolerance = expected is 0 or 1 ? 0 : 0.1;
            if (Math.Abs((double)fractional / values.Count - expected) > tolerance)
                problems.Add($"column {c}: {fractional} of {values.Count} fractional, expected share {expected}");
            if (values.Max(Digits) > limit)
                problems.Add($"column {c}: {values.Max(Digits)} digits, at most {limit} allowed");
        }

        if (rows.Any(r => (DateTime)r[1]! < s_min || (DateTime)r[1]! > s_max))
            problems.Add("a date-time outside the profiled range");
        if (rows.Any(r => (TimeSpan)r[2]! < TimeSpan.Zero || (TimeSpan)r[2]! > TimeSpan.FromHours(1)))
            problems.Add("a time outside the profiled range");
        return (problems.Count == 0).Label(string.Join("; ", problems));
    }

    [Fact]
    public void Share_0_gives_whole_seconds_and_share_1_a_fraction_on_every_value()
    {
        var none = Generate(Profile(new SecondFractions(0, 6), 6), seed: 1);
        var all = Generate(Profile(new SecondFractions(1, 3), 6), seed: 1);

        Assert.All(none, r => Assert.Equal((0L, 0L), (FractionTicks(r[1]), FractionTicks(r[2]))));
        Assert.All(all, r => Assert.True(FractionTicks(r[1]) != 0 && FractionTicks(r[2]) != 0));
        Assert.Equal(3, all.Max(r => Math.Max(Digits(r[1]), Digits(r[2]))));
    }

    [Fact]
    public void Fractions_come_from_their_own_stream_so_the_whole_seconds_stay_those_of_a_profile_without_them()
    {
        var whole = Generate(Profile(null, 6), seed: 7);
        var fractional = Generate(Profile(new SecondFractions(1, 6), 6), seed: 7);
        var again = Generate(Profile(new SecondFractions(1, 6), 6), seed: 7);

        Assert.Equal(fractional.Select(r => (r[1], r[2])), again.Select(r => (r[1], r[2])));
        for (var i = 0; i < whole.Count; i++)
        {
            var at = ((DateTime)fractional[i][1]!).Ticks - ((DateTime)whole[i][1]!).Ticks;
            // the same second, or the one before at the top of the range
            Assert.InRange(at, -TimeSpan.TicksPerSecond + 1, TimeSpan.TicksPerSecond - 1);
            Assert.Equal(0, FractionTicks(whole[i][1]));
        }
    }

    [Fact]
    public void A_type_without_a_precision_argument_takes_the_engines_default()
    {
        var profile = Profile(new SecondFractions(1, 6), declared: 0, timeType: "time");
        var mysqlLike = Generate(profile, seed: 2, NamedColumnTypeMap.Common);
        var postgresLike = Generate(profile, seed: 2,
            new NamedColumnTypeMap(new Dictionary<string, int>()) { UndeclaredSecondDigits = FractionDigits.Max });

        Assert.All(mysqlLike, r => Assert.Equal((0L, 0L), (FractionTicks(r[1]), FractionTicks(r[2]))));
        Assert.All(postgresLike, r => Assert.NotEqual(0L, FractionTicks(r[1])));
        Assert.Equal(6, postgresLike.Max(r => Digits(r[1])));
    }

    [Theory]
    [InlineData("DATETIME(3)", 3)]
    [InlineData("datetime(6)", 6)]
    [InlineData("time(0)", 0)]
    [InlineData("timestamp(3) with time zone", 3)]
    [InlineData("time(2) without time zone", 2)]
    [InlineData("timestamptz(4)", 4)]
    [InlineData("datetime(9)", 6)]
    [InlineData("datetime", null)]
    [InlineData("timestamp with time zone", null)]
    [InlineData("varchar(3)", null)]
    public void Declared_digits_are_read_from_the_type(string type, int? digits) =>
        Assert.Equal(digits, FractionDigits.Declared(type));
}
